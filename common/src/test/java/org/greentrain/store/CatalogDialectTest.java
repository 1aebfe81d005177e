package org.greentrain.store;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.types.DataTypes;
import org.greentrain.energy.table.Column;
import org.greentrain.energy.table.TableSchema;
import org.junit.jupiter.api.Test;

class CatalogDialectTest {

  private static final TableSchema T =
      TableSchema.byRun(
          "t",
          List.of(
              Column.required("round", IntegerType, "", "0-based round"),
              Column.optional("energy_j", DoubleType, "J", "the round's energy"),
              Column.required("seed", LongType, "", "it's `run.seed` \\ a backslash"),
              Column.required(
                  "scores",
                  DataTypes.createArrayType(DataTypes.createArrayType(LongType, false), false),
                  "images",
                  "counts")),
          Column.required("split", StringType, "", "train or test"));

  private static final Warehouse LOCAL = new Warehouse(new Path("file:/data/wh"));

  @Test
  void sparkRegistersAnExternalPartitionedTableAndItsPartitions() {
    assertThat(CatalogDialect.SPARK.statements("greentrain", LOCAL, List.of(T)))
        .containsExactly(
            "CREATE DATABASE IF NOT EXISTS `greentrain`",
            """
            CREATE TABLE IF NOT EXISTS `greentrain`.`t` (
              `round` INT COMMENT '0-based round',
              `energy_j` DOUBLE COMMENT 'the round\\'s energy [J]',
              `seed` BIGINT COMMENT 'it\\'s `run.seed` \\\\ a backslash',
              `scores` ARRAY<ARRAY<BIGINT>> COMMENT 'counts [images]',
              `run_date` STRING COMMENT 'partition columns',
              `run_id` STRING COMMENT 'partition columns',
              `split` STRING COMMENT 'train or test'
            ) USING parquet
            PARTITIONED BY (`run_date`, `run_id`, `split`)
            LOCATION 'file:/data/wh/tables/t'""",
            "MSCK REPAIR TABLE `greentrain`.`t`");
  }

  @Test
  void duckDbReadsTheFilesThroughAViewWithStringPartitions() {
    assertThat(CatalogDialect.DUCKDB.statements("gt", LOCAL, List.of(T)))
        .containsExactly(
            "CREATE SCHEMA IF NOT EXISTS \"gt\"",
            """
            CREATE OR REPLACE VIEW "gt"."t" AS
            SELECT * FROM read_parquet('/data/wh/tables/t/**/*.parquet',
              hive_partitioning = true, union_by_name = true, hive_types = {'run_date': 'VARCHAR',\
             'run_id': 'VARCHAR', 'split': 'VARCHAR'})""");
  }

  @Test
  void duckDbReadsS3aLocationsAsS3() {
    Warehouse s3 = new Warehouse(new Path("s3a://bucket/wh"));

    assertThat(CatalogDialect.DUCKDB.statements("gt", s3, List.of(T)).get(1))
        .contains("read_parquet('s3://bucket/wh/tables/t/**/*.parquet',");
  }

  @Test
  void trinoCreatesAHiveExternalTableAndSyncsItsPartitions() {
    assertThat(CatalogDialect.TRINO.statements("greentrain", LOCAL, List.of(T)))
        .containsExactly(
            "CREATE SCHEMA IF NOT EXISTS hive.\"greentrain\"",
            """
            CREATE TABLE IF NOT EXISTS hive."greentrain"."t" (
              "round" integer COMMENT '0-based round',
              "energy_j" double COMMENT 'the round''s energy [J]',
              "seed" bigint COMMENT 'it''s `run.seed` \\ a backslash',
              "scores" array(array(bigint)) COMMENT 'counts [images]',
              "run_date" varchar COMMENT 'partition columns',
              "run_id" varchar COMMENT 'partition columns',
              "split" varchar COMMENT 'train or test'
            ) WITH (
              external_location = 'file:///data/wh/tables/t',
              format = 'PARQUET',
              partitioned_by = ARRAY['run_date', 'run_id', 'split']
            )""",
            "CALL hive.system.sync_partition_metadata(schema_name => 'greentrain', table_name =>"
                + " 't', mode => 'FULL')");
  }

  @Test
  void aCommentIsCutToTheHiveMetastoresLengthWithItsUnitKept() {
    String meaning = "energy ".repeat(50);
    TableSchema wordy =
        TableSchema.byRun(
            "w",
            List.of(
                Column.optional("energy_j", DoubleType, "J", meaning),
                Column.required("exact", LongType, "", "x".repeat(256)),
                Column.required("emoji", LongType, "", "x".repeat(254) + "\uD83D\uDE00 more")));

    List<String> spark = CatalogDialect.SPARK.statements("gt", LOCAL, List.of(wordy));
    List<String> trino = CatalogDialect.TRINO.statements("gt", LOCAL, List.of(wordy));

    // 256 characters: 251 of the meaning, the ellipsis, " [J]".
    String cut = "energy ".repeat(35) + "energy… [J]";
    assertThat(cut).hasSize(256);
    assertThat(spark.get(1)).contains("`energy_j` DOUBLE COMMENT '" + cut + "',");
    assertThat(trino.get(1)).contains("\"energy_j\" double COMMENT '" + cut + "',");
    assertThat(spark.get(1)).contains("`exact` BIGINT COMMENT '" + "x".repeat(256) + "',");
    // A character outside the BMP is not split: its pair of chars goes whole.
    assertThat(spark.get(1)).contains("`emoji` BIGINT COMMENT '" + "x".repeat(254) + "…',");
  }

  @Test
  void aDatabaseNameIsAPlainIdentifier() {
    assertThatThrownBy(() -> CatalogDialect.SPARK.statements("green-train", LOCAL, List.of(T)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid database name: green-train (lower-case letters, digits and _)");
  }
}
