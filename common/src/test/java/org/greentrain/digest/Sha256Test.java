package org.greentrain.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Sha256Test {

  // FIPS 180-2 test vectors.
  private static final String ABC =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  private static final String EMPTY =
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  private static final String MILLION_A =
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

  @Test
  void hexOfBytesMatchesKnownDigests() {
    assertThat(Sha256.hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC);
    assertThat(Sha256.hex(new byte[0])).isEqualTo(EMPTY);
  }

  @Test
  void hexOfAStreamReadsItToTheEnd() throws IOException {
    assertThat(Sha256.hex(new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo(ABC);
    assertThat(Sha256.hex(InputStream.nullInputStream())).isEqualTo(EMPTY);
    // Longer than any read buffer, so the digest spans many blocks.
    assertThat(
            Sha256.hex(
                new ByteArrayInputStream(
                    "a".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII))))
        .isEqualTo(MILLION_A);
  }

  @Test
  void aFailingStreamPassesItsErrorToTheCaller() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("disk gone");
          }
        };
    assertThatThrownBy(() -> Sha256.hex(broken))
        .isInstanceOf(IOException.class)
        .hasMessage("disk gone");
  }
}
