package org.greentrain.energy.spark;

import java.io.ByteArrayOutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet output held in memory, for {@link EnergyTableWriter#warmUp}: the writer runs its whole
 * path and nothing reaches a file system. For small files only; one stream at a time, not
 * thread-safe.
 */
final class MemoryOutputFile implements OutputFile {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  /** What was written. */
  byte[] bytes() {
    return bytes.toByteArray();
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) {
    bytes.reset();
    return new PositionOutputStream() {
      @Override
      public long getPos() {
        return bytes.size();
      }

      @Override
      public void write(int b) {
        bytes.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
      }
    };
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) {
    return create(blockSizeHint);
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }
}
