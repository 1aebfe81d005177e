package org.greentrain.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.greentrain.error.UserError;

/**
 * What reading one split found, without its pixels: the images that passed, the records rejected
 * and the conversions made. Parts read apart add up with {@link #plus}, so the driver can judge a
 * split that only Spark tasks hold.
 *
 * @param source where the split was read from, for messages
 * @param images images that passed validation
 * @param convertedToGrey colour images of the source made grey to fit the channels
 * @param expandedToRgb grey images of the source repeated in 3 planes to fit them
 */
public record SplitSummary(
    String source,
    String split,
    long images,
    List<Reject> rejects,
    long convertedToGrey,
    long expandedToRgb)
    implements Serializable {

  public SplitSummary {
    rejects = List.copyOf(rejects);
  }

  /** Nothing read yet. */
  public static SplitSummary empty(String source, String split) {
    return new SplitSummary(source, split, 0, List.of(), 0, 0);
  }

  /** This part and {@code next}, read after it: rejects in record order. */
  public SplitSummary plus(SplitSummary next) {
    List<Reject> all = new ArrayList<>(rejects);
    all.addAll(next.rejects);
    return new SplitSummary(
        source,
        split,
        images + next.images,
        all,
        convertedToGrey + next.convertedToGrey,
        expandedToRgb + next.expandedToRgb);
  }

  /** Records read, valid or not. */
  public long recordsRead() {
    return images + rejects.size();
  }

  public double rejectFraction() {
    return recordsRead() == 0 ? 0 : rejects.size() / (double) recordsRead();
  }

  /**
   * Fails when the split is empty or more than {@code maxFraction} of its records were rejected,
   * naming the source, the counts and the first reasons.
   */
  public void checkRejects(double maxFraction) {
    if (recordsRead() == 0) {
      throw new UserError(
          "Cannot read the " + split + " split of data.source " + source + ": it has no records");
    }
    if (rejectFraction() > maxFraction) {
      List<String> examples = new ArrayList<>();
      for (Reject r : rejects.subList(0, Math.min(3, rejects.size()))) {
        examples.add(
            r.file() + (r.record() > 0 ? " record " + r.record() : "") + ": " + r.reason());
      }
      throw new UserError(
          String.format(
              Locale.ROOT,
              "Too many rejected records in the %s split of data.source %s: %d of %d (%.4f) exceed"
                  + " data.max-reject-fraction %s; first: %s",
              split,
              source,
              rejects.size(),
              recordsRead(),
              rejectFraction(),
              maxFraction,
              String.join("; ", examples)));
    }
  }

  /**
   * What the split converted, for the augment stage's line and notes, e.g. "expanded 12 grey images
   * to RGB"; empty when nothing was converted.
   */
  public String conversionNote() {
    List<String> parts = new ArrayList<>();
    if (convertedToGrey > 0) {
      parts.add("converted " + convertedToGrey + " colour images to grey (data.channels = 1)");
    }
    if (expandedToRgb > 0) {
      parts.add("expanded " + expandedToRgb + " grey images to RGB");
    }
    return String.join("; ", parts);
  }

  /** The stage note on the rejects, empty when there are none. */
  public String rejectNote() {
    if (rejects.isEmpty()) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        "%d of %d records rejected (%.2f%%), see tables/rejects",
        rejects.size(),
        recordsRead(),
        100 * rejectFraction());
  }
}
