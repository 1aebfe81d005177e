package org.greentrain.train;

/**
 * The teacher networks this JVM keeps between the rounds of a distilling fine-tuning, keyed like
 * {@link ShardModels} (the key's spec is the teacher's). Each runner evicts its own when released;
 * a shutdown hook frees whatever is left when the JVM exits.
 */
final class TeacherModels {

  static final ResidentCache<ShardModels.Key, TeacherModel> CACHE = new ResidentCache<>(16);

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(TeacherModels::freeAll, "greentrain-teacher-models-free"));
  }

  private TeacherModels() {}

  private static void freeAll() {
    try {
      CACHE.evict(k -> true);
    } catch (RuntimeException ignored) {
      // The JVM is exiting and its native memory goes with it; a failed free changes nothing.
    }
  }
}
