package org.greentrain.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleSlicerTest {

  /** 40 one-pixel images whose pixel is their index, so a slice shows which ones it took. */
  private static final LabeledImages ALL = indexed(40, 4);

  @Test
  void takesExactlyPerClassOfEachClassInOriginalOrder() {
    LabeledImages slice = SampleSlicer.balancedSlice(ALL, 3, 4, 42);

    assertThat(slice.count()).isEqualTo(12);
    int[] perClass = new int[4];
    for (int i = 0; i < slice.count(); i++) {
      perClass[slice.label(i)]++;
      // The image still carries its own label: index % 4.
      assertThat(pickedIndex(slice, i) % 4).isEqualTo(slice.label(i));
    }
    assertThat(perClass).containsExactly(3, 3, 3, 3);
    assertThat(pickedIndices(slice)).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void isDeterministicForASeed() {
    assertThat(pickedIndices(SampleSlicer.balancedSlice(ALL, 3, 4, 42)))
        .isEqualTo(pickedIndices(SampleSlicer.balancedSlice(ALL, 3, 4, 42)));
  }

  @Test
  void differsForAnotherSeed() {
    assertThat(pickedIndices(SampleSlicer.balancedSlice(ALL, 3, 4, 42)))
        .isNotEqualTo(pickedIndices(SampleSlicer.balancedSlice(ALL, 3, 4, 43)));
  }

  @Test
  void takesWholeClassesWhenPerClassEqualsTheirSize() {
    LabeledImages slice = SampleSlicer.balancedSlice(ALL, 10, 4, 7);

    assertThat(slice.pixels()).isEqualTo(ALL.pixels());
    assertThat(slice.labels()).isEqualTo(ALL.labels());
  }

  @Test
  void keepsMultiPixelImagesIntact() {
    LabeledImages all = TestImages.cycling(12, 2, 3, 3);

    LabeledImages slice = SampleSlicer.balancedSlice(all, 2, 3, 1);

    for (int i = 0; i < slice.count(); i++) {
      byte[] image = slice.image(i);
      int source = -1;
      for (int j = 0; j < all.count(); j++) {
        if (Arrays.equals(all.image(j), image)) {
          source = j;
        }
      }
      assertThat(source).isNotNegative();
      assertThat(all.label(source)).isEqualTo(slice.label(i));
    }
  }

  @Test
  void rejectsShortClassNamingClassAndCounts() {
    byte[] labels = {0, 1, 0, 1, 0};
    LabeledImages all = new LabeledImages(1, 1, new byte[5], labels);

    assertThatThrownBy(() -> SampleSlicer.balancedSlice(all, 3, 2, 42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot take 3 images per class: class 1 has only 2");
  }

  @Test
  void rejectsLabelsOutsideTheClasses() {
    assertThatThrownBy(() -> SampleSlicer.balancedSlice(ALL, 1, 3, 42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot take a balanced slice: label 3 at index 3 is outside [0, 3)");
  }

  @Test
  void rejectsNonPositivePerClass() {
    assertThatThrownBy(() -> SampleSlicer.balancedSlice(ALL, 0, 4, 42))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid images per class: 0");
  }

  private static LabeledImages indexed(int count, int numClasses) {
    byte[] pixels = new byte[count];
    byte[] labels = new byte[count];
    for (int i = 0; i < count; i++) {
      pixels[i] = (byte) i;
      labels[i] = (byte) (i % numClasses);
    }
    return new LabeledImages(1, 1, pixels, labels);
  }

  private static int pickedIndex(LabeledImages slice, int i) {
    return slice.image(i)[0] & 0xff;
  }

  private static List<Integer> pickedIndices(LabeledImages slice) {
    List<Integer> picked = new ArrayList<>();
    for (int i = 0; i < slice.count(); i++) {
      picked.add(pickedIndex(slice, i));
    }
    return picked;
  }
}
