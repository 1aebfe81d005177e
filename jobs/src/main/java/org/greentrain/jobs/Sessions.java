package org.greentrain.jobs;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import org.greentrain.config.SparkConfig;

/** Builds the SparkSession of a job from spark-submit's settings and our config. */
final class Sessions {

  private Sessions() {}

  static SparkSession create(SparkConfig config, String appName) {
    // new SparkConf() reads the spark.* system properties spark-submit sets; ours fill gaps.
    SparkConf conf = new SparkConf();
    if (!conf.contains("spark.master")) {
      conf.setMaster(config.master());
    }
    conf.setIfMissing("spark.app.name", appName);
    config.settings().forEach(conf::set);
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.sql.shuffle.partitions", "8");
    }
    return SparkSession.builder().config(conf).getOrCreate();
  }
}
