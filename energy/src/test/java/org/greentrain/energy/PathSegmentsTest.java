package org.greentrain.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PathSegmentsTest {

  private static final String RULE =
      " (letters, digits, '.', '_' and '-' only; not '.' or '..'; 1 to 128 characters)";

  @Test
  void ordinaryNamesPass() {
    assertThat(PathSegments.check("run id", "nightly-2026-11-29")).isEqualTo("nightly-2026-11-29");
    assertThat(PathSegments.isSafe("fashion_cnn.v2")).isTrue();
    assertThat(PathSegments.isSafe("...")).isTrue();
    assertThat(PathSegments.isSafe("a".repeat(128))).isTrue();
  }

  @Test
  void namesThatClimbOrNameTheirDirectoryAreRefused() {
    for (String hostile :
        new String[] {
          ".", "..", "", "a/b", "../x", "/etc", "a\\b", "run id", "x\u0000", "é", "a".repeat(129)
        }) {
      assertThat(PathSegments.isSafe(hostile)).as(hostile).isFalse();
    }
    assertThat(PathSegments.isSafe(null)).isFalse();
  }

  @Test
  void theMessageNamesTheRoleAndTheValueOnOneLine() {
    assertThatThrownBy(() -> PathSegments.check("run id", ".."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid run id: '..'" + RULE);
    assertThatThrownBy(() -> PathSegments.check("publish.model-name", "a\nb"))
        .hasMessage("Invalid publish.model-name: 'a\\u000ab'" + RULE);
    assertThatThrownBy(() -> PathSegments.check("run id", "x".repeat(300)))
        .hasMessage("Invalid run id: '" + "x".repeat(80) + "'… (300 characters)" + RULE);
  }
}
