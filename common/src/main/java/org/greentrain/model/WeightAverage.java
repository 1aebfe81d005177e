package org.greentrain.model;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.function.IntUnaryOperator;

/**
 * A running sample-weighted sum of model weights, mergeable in any order so that Spark can
 * tree-aggregate shard updates instead of collecting every vector on the driver. Sums are kept in
 * double precision so that the order of merges does not change the float result materially.
 */
public final class WeightAverage implements Serializable {

  private final List<String> names = new ArrayList<>();
  private final List<long[]> shapes = new ArrayList<>();
  private final List<double[]> sums = new ArrayList<>();
  private long samples;
  private double lossSum;

  /** Adds one shard's weights, weighted by the number of samples it trained on. */
  public WeightAverage add(ModelWeights weights, long shardSamples, double shardLossSum) {
    if (shardSamples <= 0) {
      throw new IllegalArgumentException("Invalid shard sample count: " + shardSamples);
    }
    List<NamedTensor> tensors = weights.tensors();
    if (sums.isEmpty()) {
      for (NamedTensor t : tensors) {
        names.add(t.name());
        shapes.add(t.shape());
        sums.add(new double[t.size()]);
      }
    }
    checkSameLayout(tensors.size(), i -> tensors.get(i).name(), i -> tensors.get(i).size());
    for (int i = 0; i < tensors.size(); i++) {
      float[] v = tensors.get(i).values();
      double[] s = sums.get(i);
      for (int j = 0; j < v.length; j++) {
        s[j] += (double) v[j] * shardSamples;
      }
    }
    samples += shardSamples;
    lossSum += shardLossSum;
    return this;
  }

  /** Merges another partial sum into this one and returns this. */
  public WeightAverage merge(WeightAverage other) {
    if (other.samples == 0) {
      return this;
    }
    if (samples == 0) {
      names.addAll(other.names);
      shapes.addAll(other.shapes);
      for (double[] s : other.sums) {
        sums.add(s.clone());
      }
    } else {
      checkSameLayout(other.sums.size(), other.names::get, i -> other.sums.get(i).length);
      for (int i = 0; i < sums.size(); i++) {
        double[] s = sums.get(i);
        double[] o = other.sums.get(i);
        for (int j = 0; j < s.length; j++) {
          s[j] += o[j];
        }
      }
    }
    samples += other.samples;
    lossSum += other.lossSum;
    return this;
  }

  /** Total samples added. */
  public long samples() {
    return samples;
  }

  /** Mean training loss per sample over everything added. */
  public double meanLoss() {
    return samples == 0 ? Double.NaN : lossSum / samples;
  }

  /** The sample-weighted mean of the weights added. */
  public ModelWeights average() {
    if (samples == 0) {
      throw new IllegalStateException("Cannot average weights: no shard reported any samples");
    }
    List<NamedTensor> out = new ArrayList<>();
    for (int i = 0; i < sums.size(); i++) {
      double[] s = sums.get(i);
      float[] v = new float[s.length];
      for (int j = 0; j < s.length; j++) {
        v[j] = (float) (s[j] / samples);
      }
      out.add(new NamedTensor(names.get(i), shapes.get(i), v));
    }
    return new ModelWeights(out);
  }

  private void checkSameLayout(int count, IntFunction<String> name, IntUnaryOperator size) {
    if (count != sums.size()) {
      throw new IllegalArgumentException(
          "Cannot average weights: " + count + " tensors, expected " + sums.size());
    }
    for (int i = 0; i < count; i++) {
      if (!name.apply(i).equals(names.get(i)) || size.applyAsInt(i) != sums.get(i).length) {
        throw new IllegalArgumentException(
            "Cannot average weights: tensor "
                + i
                + " is "
                + name.apply(i)
                + ", expected "
                + names.get(i));
      }
    }
  }
}
