"""Nightly GreenTrain run from Airflow: `greentrain schedule --wait`, then `greentrain run`.

The first task sleeps until the start in 01:30-06:00 with the lowest expected CO2e for the recent
runs, from an hourly forecast CSV (an unreadable forecast means starting at once); it reads only
the runs table, in-process (local[1]) whatever the connection's master. The run task follows even
when the first fails (trigger_rule all_done): a scheduler problem never costs a night's model.

Needs apache-airflow-providers-apache-spark and a Spark connection "spark_greentrain" whose
host is the cluster's master (spark://..., yarn or k8s://...). The run id is the logical date,
so a re-run of a night replaces that night's partitions and nothing else.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

GREENTRAIN_JAR = "/opt/greentrain/greentrain-jobs-0.1.0-SNAPSHOT.jar"
MAIN_CLASS = "org.greentrain.jobs.GreenTrain"
CLUSTER_CONF = "/opt/greentrain/conf/cluster.conf"
FORECAST = "/var/lib/greentrain/forecast.csv"

with DAG(
    dag_id="greentrain_nightly",
    description="Energy-accounted nightly retraining: augment, train, compress, evaluate, publish",
    schedule="30 1 * * *",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    # One night at a time: the warehouse run lock would refuse a second one anyway.
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=15)},
    tags=["greentrain", "spark"],
) as dag:
    wait_for_low_carbon_start = SparkSubmitOperator(
        task_id="wait_for_low_carbon_start",
        conn_id="spark_greentrain",
        application=GREENTRAIN_JAR,
        java_class=MAIN_CLASS,
        name="greentrain-schedule",
        deploy_mode="client",
        application_args=[
            "schedule", "--wait",
            "--window", "01:30-06:00",
            "--forecast", FORECAST,
            "--config", CLUSTER_CONF,
        ],
        retries=0,
        execution_timeout=timedelta(hours=5),
    )
    greentrain_run = SparkSubmitOperator(
        task_id="greentrain_run",
        trigger_rule="all_done",
        conn_id="spark_greentrain",
        application=GREENTRAIN_JAR,
        java_class=MAIN_CLASS,
        name="greentrain-nightly",
        deploy_mode="client",
        application_args=[
            "run",
            "--run-id", "nightly-{{ ds }}",
            "--config", CLUSTER_CONF,
        ],
        conf={
            "spark.driver.extraJavaOptions": "-Dai.djl.offline=true",
            "spark.executor.extraJavaOptions": "-Dai.djl.offline=true",
        },
        execution_timeout=timedelta(hours=5),
    )
    wait_for_low_carbon_start >> greentrain_run
