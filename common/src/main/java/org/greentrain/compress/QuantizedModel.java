package org.greentrain.compress;

import java.util.ArrayList;
import java.util.List;
import org.greentrain.model.ModelWeights;
import org.greentrain.model.NamedTensor;

/**
 * A model whose weight tensors are int8-quantized and whose other tensors (biases) stay fp32, in
 * the order of the {@link ModelWeights} it came from. Built by {@link Int8Quantizer}, stored by
 * {@link QuantizedModelCodec}.
 */
public record QuantizedModel(List<QuantizedTensor> tensors) {

  public QuantizedModel {
    tensors = List.copyOf(tensors);
  }

  /** The fp32 weights the codes stand for, with biases copied exactly. */
  public ModelWeights dequantize() {
    List<NamedTensor> out = new ArrayList<>(tensors.size());
    for (QuantizedTensor t : tensors) {
      out.add(t.dequantize());
    }
    return new ModelWeights(out);
  }

  /** Total number of parameters. */
  public long parameterCount() {
    long n = 0;
    for (QuantizedTensor t : tensors) {
      n += t.size();
    }
    return n;
  }
}
