package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentPipelineTest {

  private static final AugmentPipeline PIPELINE =
      new AugmentPipeline(
          List.of(
              new RandomResizedCrop(0.6, 1, 3.0 / 4, 4.0 / 3),
              new RandomRotation(15, 0),
              new HorizontalFlip(0.5),
              new Normalize(0.25f, 0.5f)));

  private static final byte[] PIXELS = TestImages.cycling(1, 8, 8, 1).image(0);

  @Test
  void sameSeedCopyAndRecordGiveIdenticalOutput() {
    float[] a = PIPELINE.apply(PIXELS, 8, 8, 42, 1, 1000);
    float[] b = PIPELINE.apply(PIXELS.clone(), 8, 8, 42, 1, 1000);

    assertThat(a).isEqualTo(b);
  }

  @Test
  void differentRecordCopyOrSeedGiveDifferentOutput() {
    float[] base = PIPELINE.apply(PIXELS, 8, 8, 42, 1, 1000);

    assertThat(PIPELINE.apply(PIXELS, 8, 8, 42, 1, 1001)).isNotEqualTo(base);
    assertThat(PIPELINE.apply(PIXELS, 8, 8, 42, 2, 1000)).isNotEqualTo(base);
    assertThat(PIPELINE.apply(PIXELS, 8, 8, 43, 1, 1000)).isNotEqualTo(base);
  }

  @Test
  void copyZeroOnlyNormalises() {
    float[] original = PIPELINE.apply(PIXELS, 8, 8, 42, 0, 1000);

    for (int i = 0; i < PIXELS.length; i++) {
      assertThat(original[i]).isEqualTo(((PIXELS[i] & 0xff) / 255f - 0.25f) / 0.5f);
    }
    assertThat(PIPELINE.apply(PIXELS, 8, 8, 7, 0, 5)).isEqualTo(original);
  }

  @Test
  void emptyPipelineScalesToUnitRange() {
    byte[] pixels = {0, (byte) 255, 51, (byte) 204};

    float[] out = new AugmentPipeline(List.of()).apply(pixels, 2, 2, 1, 3, 4);

    assertThat(out).containsExactly(0f, 1f, 0.2f, 0.8f);
  }

  @Test
  void leavesTheInputUntouched() {
    byte[] pixels = PIXELS.clone();

    PIPELINE.apply(pixels, 8, 8, 42, 1, 1000);

    assertThat(pixels).isEqualTo(PIXELS);
  }

  @Test
  void survivesJavaSerializationWithTheSameOutput() throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(PIPELINE);
    }
    AugmentPipeline copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (AugmentPipeline) in.readObject();
    }

    assertThat(copy).isEqualTo(PIPELINE);
    assertThat(copy.apply(PIXELS, 8, 8, 42, 3, 9))
        .isEqualTo(PIPELINE.apply(PIXELS, 8, 8, 42, 3, 9));
  }

  @Test
  void copiesTheOpList() {
    List<AugmentOp> ops = new ArrayList<>(List.of(new Normalize(0, 1)));
    AugmentPipeline pipeline = new AugmentPipeline(ops);

    ops.add(new HorizontalFlip(1));

    assertThat(pipeline.ops()).hasSize(1);
  }

  @Test
  void rejectsNullOp() {
    assertThatThrownBy(() -> new AugmentPipeline(Arrays.asList(new Normalize(0, 1), null)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid augmentation op at position 1: null");
  }

  @Test
  void rejectsPixelsThatDoNotMatchTheSize() {
    assertThatThrownBy(() -> PIPELINE.apply(new byte[63], 8, 8, 42, 1, 17))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot augment record 17: expected 64 pixels for 8x8, got 63");
  }

  @Test
  void rejectsNegativeCopy() {
    assertThatThrownBy(() -> PIPELINE.apply(PIXELS, 8, 8, 42, -1, 17))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid copy number for record 17: -1");
  }
}
