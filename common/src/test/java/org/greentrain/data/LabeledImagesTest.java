package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabeledImagesTest {

  @Test
  void exposesImagesAndUnsignedLabels() {
    byte[] pixels = {0, (byte) 255, 1, 2, (byte) 128, 3};
    LabeledImages images = new LabeledImages(1, 3, pixels, new byte[] {7, (byte) 200});

    assertThat(images.count()).isEqualTo(2);
    assertThat(images.label(1)).isEqualTo(200);
    assertThat(images.image(1)).containsExactly(2, (byte) 128, 3);
    assertThat(images.imageAsUnitFloats(0)).containsExactly(0f, 1f, 1 / 255f);
  }

  @Test
  void imageReturnsACopy() {
    byte[] pixels = {5, 6};
    LabeledImages images = new LabeledImages(1, 2, pixels, new byte[] {0});

    images.image(0)[0] = 99;

    assertThat(images.image(0)).containsExactly(5, 6);
  }

  @Test
  void rejectsNonPositiveSize() {
    assertThatThrownBy(() -> new LabeledImages(0, 3, new byte[0], new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid image size: 0x3");
  }

  @Test
  void rejectsPixelCountThatDoesNotMatchLabels() {
    assertThatThrownBy(() -> new LabeledImages(2, 2, new byte[7], new byte[2]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot create labeled images: 2 labels of 2x2 need 8 pixel bytes, got 7");
  }

  @Test
  void rejectsIndexOutOfRange() {
    LabeledImages images = new LabeledImages(1, 1, new byte[1], new byte[1]);

    assertThatThrownBy(() -> images.label(1))
        .isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("Invalid image index: 1 (count 1)");
  }
}
