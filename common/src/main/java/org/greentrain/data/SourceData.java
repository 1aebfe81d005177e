package org.greentrain.data;

import java.io.ByteArrayOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One split of a data source after validation: the images that passed, each with its record id, and
 * the records that were rejected.
 *
 * <p>A record id is the record's position in the source's fixed order (files sorted by path,
 * records in file order), counting rejected records too, so it does not change when another record
 * is rejected or removed; augmentation is seeded by it.
 *
 * @param source where the split was read from, for messages
 * @param recordIds ascending, one per image of {@code images}
 * @param convertedToGrey colour images of the source made grey to fit {@code images}' channels
 * @param expandedToRgb grey images of the source repeated in 3 planes to fit them
 */
public record SourceData(
    String source,
    String split,
    LabeledImages images,
    long[] recordIds,
    List<Reject> rejects,
    long convertedToGrey,
    long expandedToRgb)
    implements Serializable {

  /** A split read without converting any image. */
  public SourceData(
      String source, String split, LabeledImages images, long[] recordIds, List<Reject> rejects) {
    this(source, split, images, recordIds, rejects, 0, 0);
  }

  public SourceData {
    if (recordIds.length != images.count()) {
      throw new IllegalArgumentException(
          "Invalid source data: "
              + recordIds.length
              + " record ids for "
              + images.count()
              + " images");
    }
    rejects = List.copyOf(rejects);
  }

  /** What was read, without the pixels. */
  public SplitSummary summary() {
    return new SplitSummary(source, split, images.count(), rejects, convertedToGrey, expandedToRgb);
  }

  /** Records read, valid or not. */
  public long recordsRead() {
    return summary().recordsRead();
  }

  public double rejectFraction() {
    return summary().rejectFraction();
  }

  /** See {@link SplitSummary#checkRejects}; returns this split. */
  public SourceData checkRejects(double maxFraction) {
    summary().checkRejects(maxFraction);
    return this;
  }

  /** The same split with only the images at {@code keep} (ascending indices into images). */
  public SourceData select(int[] keep) {
    int size = images.imageSize();
    byte[] pixels = new byte[keep.length * size];
    byte[] labels = new byte[keep.length];
    long[] ids = new long[keep.length];
    for (int j = 0; j < keep.length; j++) {
      int i = keep[j];
      System.arraycopy(images.pixels(), i * size, pixels, j * size, size);
      labels[j] = images.labels()[i];
      ids[j] = recordIds[i];
    }
    return new SourceData(
        source,
        split,
        new LabeledImages(images.channels(), images.rows(), images.cols(), pixels, labels),
        ids,
        rejects,
        convertedToGrey,
        expandedToRgb);
  }

  /** The same split with every image as {@code channels} channels, conversions counted. */
  public SourceData withChannels(int channels) {
    int from = images.channels();
    if (from == channels) {
      return this;
    }
    Builder out = new Builder(source, split, channels, images.rows(), images.cols());
    for (int i = 0; i < images.count(); i++) {
      out.add(
          recordIds[i], Channels.convert(images.image(i), from, channels), from, images.label(i));
    }
    rejects.forEach(out::reject);
    return out.build();
  }

  /** See {@link SplitSummary#conversionNote}. */
  public String conversionNote() {
    return summary().conversionNote();
  }

  /**
   * The parts of one split, read separately (e.g. by Spark tasks), joined in the given order: each
   * part's record ids must all be above the previous part's.
   */
  public static SourceData concat(
      String source, String split, int channels, int rows, int cols, List<SourceData> parts) {
    Builder out = new Builder(source, split, channels, rows, cols);
    for (SourceData part : parts) {
      LabeledImages images = part.images();
      for (int i = 0; i < images.count(); i++) {
        out.add(part.recordIds()[i], images.image(i), images.label(i));
      }
      part.rejects().forEach(out::reject);
      out.convertedToGrey += part.convertedToGrey();
      out.expandedToRgb += part.expandedToRgb();
    }
    return out.build();
  }

  /** An IDX split: every record valid, record id = index in the file. */
  public static SourceData ofAll(String source, String split, LabeledImages images) {
    long[] ids = new long[images.count()];
    Arrays.setAll(ids, i -> i);
    return new SourceData(source, split, images, ids, List.of());
  }

  /** Collects records in record-id order as a source reads them. Not thread-safe. */
  public static final class Builder {
    private final String source;
    private final String split;
    private final int channels;
    private final int rows;
    private final int cols;
    private final ByteArrayOutputStream pixels = new ByteArrayOutputStream();
    private final ByteArrayOutputStream labels = new ByteArrayOutputStream();
    private long[] ids = new long[1024];
    private int count;
    private final List<Reject> rejects = new ArrayList<>();
    private long convertedToGrey;
    private long expandedToRgb;

    /** Collects grey images. */
    public Builder(String source, String split, int rows, int cols) {
      this(source, split, 1, rows, cols);
    }

    /** Collects images of {@code channels} planes of {@code rows x cols}, channel-planar. */
    public Builder(String source, String split, int channels, int rows, int cols) {
      this.source = source;
      this.split = split;
      this.channels = channels;
      this.rows = rows;
      this.cols = cols;
    }

    public void add(long recordId, byte[] imagePixels, int label) {
      if (imagePixels.length != channels * rows * cols || label < 0 || label > 255) {
        throw new IllegalArgumentException(
            "Invalid record " + recordId + ": " + imagePixels.length + " pixels, label " + label);
      }
      if (count > 0 && recordId <= ids[count - 1]) {
        throw new IllegalArgumentException(
            "Invalid record "
                + recordId
                + ": record ids must"
                + " ascend, the previous was "
                + ids[count - 1]);
      }
      if (count == ids.length) {
        ids = Arrays.copyOf(ids, count * 2);
      }
      ids[count++] = recordId;
      pixels.writeBytes(imagePixels);
      labels.write(label);
    }

    /**
     * Adds an image already converted to this builder's channels from {@code sourceChannels}, and
     * counts the conversion when they differ.
     */
    public void add(long recordId, byte[] imagePixels, int sourceChannels, int label) {
      add(recordId, imagePixels, label);
      if (sourceChannels != channels) {
        if (channels == 1) {
          convertedToGrey++;
        } else {
          expandedToRgb++;
        }
      }
    }

    public void reject(Reject reject) {
      rejects.add(reject);
    }

    public SourceData build() {
      return new SourceData(
          source,
          split,
          new LabeledImages(channels, rows, cols, pixels.toByteArray(), labels.toByteArray()),
          Arrays.copyOf(ids, count),
          rejects,
          convertedToGrey,
          expandedToRgb);
    }
  }
}
