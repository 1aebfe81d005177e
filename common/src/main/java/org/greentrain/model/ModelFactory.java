package org.greentrain.model;

import ai.djl.nn.Block;

/**
 * A user's own network, named in the config as {@code train.model =
 * "class:<fully.qualified.Name>"}. GreenTrain instantiates the class through its public no-argument
 * constructor, loaded by the calling thread's context class loader (so a jar given to {@code
 * spark-submit --jars} works on the executors), and calls {@link #build} on the driver and on every
 * executor; each call must return a new block of the same layout, since weight vectors are matched
 * by parameter order, name and shape.
 *
 * <p>The block takes {@code (batch, channels, rows, cols)} float images and returns {@code (batch,
 * classes)} logits. GreenTrain trains it with local SGD (every parameter is averaged, including the
 * running statistics of any {@code BatchNorm}), quantizes and prunes every weight tensor (rank 2 or
 * more) and never folds its normalisations or prunes it structurally. The forward pass is the
 * block's own; it runs on Spark task threads, one block per thread.
 */
public interface ModelFactory {

  /** A new, uninitialised block for images of {@code channels x rows x cols}. */
  Block build(int channels, int rows, int cols, int classes);
}
