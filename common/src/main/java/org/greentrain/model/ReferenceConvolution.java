package org.greentrain.model;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Convolution;

/**
 * A 2-D convolution layer's shape, and the layer computed in plain Java as the definition reads
 * (cross-correlation, zero padding, no bias): the reference {@link ConvolutionCheck} holds the
 * engine to. Square inputs of {@code size} x {@code size}; kernel, stride, padding and dilation per
 * dimension (rows, then columns).
 */
record ReferenceConvolution(
    int inputs,
    int outputs,
    int kernelRows,
    int kernelCols,
    int strideRows,
    int strideCols,
    int padRows,
    int padCols,
    int dilationRows,
    int dilationCols,
    int groups) {

  /**
   * The shape of {@code conv}, whose weight is {@code weight} (outputs, inputs / groups, kh, kw).
   */
  static ReferenceConvolution of(Convolution conv, Shape weight) {
    Shape k = conv.getKernelShape();
    Shape s = conv.getStride();
    Shape p = conv.getPadding();
    Shape d = conv.getDilation();
    return new ReferenceConvolution(
        (int) weight.get(1) * conv.getGroups(),
        (int) weight.get(0),
        (int) k.get(0),
        (int) k.get(1),
        (int) s.get(0),
        (int) s.get(1),
        (int) p.get(0),
        (int) p.get(1),
        (int) d.get(0),
        (int) d.get(1),
        conv.getGroups());
  }

  Shape weightShape() {
    return new Shape(outputs, inputs / groups, kernelRows, kernelCols);
  }

  int weightCount() {
    return outputs * (inputs / groups) * kernelRows * kernelCols;
  }

  /** The smallest square input at least {@code wanted} wide that the kernel fits. */
  int inputSize(int wanted) {
    int span = Math.max(dilationRows * (kernelRows - 1), dilationCols * (kernelCols - 1)) + 1;
    return Math.max(wanted, span);
  }

  int outputRows(int size) {
    return (size + 2 * padRows - dilationRows * (kernelRows - 1) - 1) / strideRows + 1;
  }

  int outputCols(int size) {
    return (size + 2 * padCols - dilationCols * (kernelCols - 1) - 1) / strideCols + 1;
  }

  /**
   * Output, input gradient and weight gradient of {@code sum(conv(input, weight) * upstream)} for
   * {@code batch} images, all in row-major (batch, channel, row, column) or weight order.
   */
  float[][] compute(float[] input, float[] weight, float[] upstream, int batch, int size) {
    int rows = outputRows(size);
    int cols = outputCols(size);
    int perGroupIn = inputs / groups;
    int perGroupOut = outputs / groups;
    double[] out = new double[batch * outputs * rows * cols];
    double[] dInput = new double[input.length];
    double[] dWeight = new double[weight.length];
    for (int n = 0; n < batch; n++) {
      for (int o = 0; o < outputs; o++) {
        int group = o / perGroupOut;
        for (int y = 0; y < rows; y++) {
          for (int x = 0; x < cols; x++) {
            int at = ((n * outputs + o) * rows + y) * cols + x;
            for (int c = 0; c < perGroupIn; c++) {
              int channel = group * perGroupIn + c;
              for (int ky = 0; ky < kernelRows; ky++) {
                int iy = y * strideRows + ky * dilationRows - padRows;
                for (int kx = 0; kx < kernelCols; kx++) {
                  int ix = x * strideCols + kx * dilationCols - padCols;
                  if (iy < 0 || iy >= size || ix < 0 || ix >= size) {
                    continue;
                  }
                  int in = ((n * inputs + channel) * size + iy) * size + ix;
                  int w = ((o * perGroupIn + c) * kernelRows + ky) * kernelCols + kx;
                  out[at] += (double) weight[w] * input[in];
                  dInput[in] += (double) weight[w] * upstream[at];
                  dWeight[w] += (double) input[in] * upstream[at];
                }
              }
            }
          }
        }
      }
    }
    return new float[][] {floats(out), floats(dInput), floats(dWeight)};
  }

  @Override
  public String toString() {
    return inputs
        + " to "
        + outputs
        + " channels, "
        + kernelRows
        + "x"
        + kernelCols
        + ", stride "
        + strideRows
        + "x"
        + strideCols
        + (groups > 1 ? ", " + groups + " groups" : "");
  }

  private static float[] floats(double[] values) {
    float[] out = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
    return out;
  }
}
