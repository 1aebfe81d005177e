package org.greentrain.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class UserErrorTest {

  @Test
  void anIllegalArgumentOfTheUsersInputBecomesAUserErrorWithTheSameMessage() {
    IllegalArgumentException fromPlugin = new IllegalArgumentException("Unknown carbon region: XX");

    assertThatThrownBy(
            () ->
                UserError.fromInput(
                    () -> {
                      throw fromPlugin;
                    }))
        .isExactlyInstanceOf(UserError.class)
        .hasMessage("Unknown carbon region: XX")
        .hasCause(fromPlugin);
  }

  @Test
  void aUserErrorAndOtherExceptionsPassThroughUnchanged() {
    UserError user = new UserError("Invalid window: 25:00-06:00");
    UncheckedIOException io = new UncheckedIOException("Failed to read f", new IOException());

    assertThatThrownBy(
            () ->
                UserError.fromInput(
                    () -> {
                      throw user;
                    }))
        .isSameAs(user);
    assertThatThrownBy(
            () ->
                UserError.fromInput(
                    () -> {
                      throw io;
                    }))
        .isSameAs(io);
    assertThat(UserError.fromInput(() -> 42)).isEqualTo(42);
  }
}
