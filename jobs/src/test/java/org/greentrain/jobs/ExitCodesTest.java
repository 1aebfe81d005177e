package org.greentrain.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.greentrain.error.UserError;
import org.greentrain.testing.SharedSparkSession;
import org.junit.jupiter.api.Test;

/** Which failures are the user's (one line, exit 2) and which are bugs (stack trace, exit 1). */
@SharedSparkSession(master = "local[1]")
class ExitCodesTest {

  private static SparkSession spark;

  @Test
  void aUserErrorIsOneLineAndExitCode2() {
    Reported r = report(new UserError("Invalid train.rounds: -1 (at least 0)"));

    assertThat(r.code()).isEqualTo(GreenTrain.USER_ERROR);
    assertThat(r.err()).isEqualTo("greentrain: error: Invalid train.rounds: -1 (at least 0)\n");
  }

  @Test
  void aWrappedUserErrorIsStillTheUsers() {
    UserError cause = new UserError("Cannot read IDX file f: truncated");
    Throwable wrapped =
        new SparkException("Job aborted", new RuntimeException("task failed", cause));

    Reported r = report(wrapped);

    assertThat(r.code()).isEqualTo(GreenTrain.USER_ERROR);
    assertThat(r.err()).isEqualTo("greentrain: error: Cannot read IDX file f: truncated\n");
  }

  @Test
  void aLibrarysIllegalArgumentExceptionIsABugWithItsStackTrace() {
    Reported plain = report(new IllegalArgumentException("Wrong FS: hdfs://x, expected: file:///"));
    Reported wrapped =
        report(new SparkException("Job aborted", new NumberFormatException("For input: \"x\"")));

    assertThat(plain.code()).isEqualTo(GreenTrain.INTERNAL_ERROR);
    assertThat(plain.err())
        .startsWith("java.lang.IllegalArgumentException: Wrong FS")
        .contains("\tat ")
        .doesNotContain("greentrain: error:");
    assertThat(wrapped.code()).isEqualTo(GreenTrain.INTERNAL_ERROR);
    assertThat(wrapped.err()).contains("Caused by: java.lang.NumberFormatException", "\tat ");
  }

  @Test
  void aUserErrorThrownInASparkTaskReachesTheDriverAsTheCause() {
    Throwable failed =
        catchThrowable(
            () ->
                JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(List.of(7))
                    .map(
                        id -> {
                          if (id == 7) {
                            throw new UserError("Invalid augmented record " + id);
                          }
                          return id;
                        })
                    .collect());

    // The executor's exception comes back serialized, as the cause of the job's SparkException.
    assertThat(failed).isInstanceOf(SparkException.class).isNotInstanceOf(UserError.class);
    assertThat(GreenTrain.userError(failed))
        .isInstanceOf(UserError.class)
        .hasMessage("Invalid augmented record 7");
    Reported r = report(failed);
    assertThat(r.code()).isEqualTo(GreenTrain.USER_ERROR);
    assertThat(r.err()).isEqualTo("greentrain: error: Invalid augmented record 7\n");
  }

  @Test
  void anIllegalArgumentExceptionThrownInASparkTaskIsABug() {
    Throwable failed =
        catchThrowable(
            () ->
                JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(List.of(7))
                    .map(
                        id -> {
                          if (id == 7) {
                            throw new IllegalArgumentException("requirement failed");
                          }
                          return id;
                        })
                    .collect());

    Reported r = report(failed);

    assertThat(r.code()).isEqualTo(GreenTrain.INTERNAL_ERROR);
    assertThat(r.err()).contains("requirement failed", "\tat ");
  }

  private record Reported(int code, String err) {}

  private static Reported report(Throwable e) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code;
    try (PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
      code = GreenTrain.exitCode(e, err);
    }
    return new Reported(code, bytes.toString(StandardCharsets.UTF_8));
  }
}
