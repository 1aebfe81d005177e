package org.greentrain.data;

import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@code ImageInputStream} over bytes already in memory. ImageIO's own streams over an {@code
 * InputStream} either copy what they read into a memory cache or spill it to a temporary file;
 * reading the array in place costs nothing beyond the array. Not thread-safe.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {

  private final byte[] bytes;

  ByteArrayImageInputStream(byte[] bytes) {
    this.bytes = bytes;
  }

  @Override
  public int read() {
    bitOffset = 0;
    return streamPos < bytes.length ? bytes[(int) streamPos++] & 0xff : -1;
  }

  @Override
  public int read(byte[] b, int off, int len) {
    bitOffset = 0;
    if (len == 0) {
      return 0;
    }
    int n = (int) Math.min(len, bytes.length - streamPos);
    if (n <= 0) {
      return -1;
    }
    System.arraycopy(bytes, (int) streamPos, b, off, n);
    streamPos += n;
    return n;
  }

  @Override
  public long length() {
    return bytes.length;
  }
}
