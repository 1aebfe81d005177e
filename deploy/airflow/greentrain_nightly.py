"""Nightly GreenTrain run from Airflow: one SparkSubmitOperator task running `greentrain run`.

Needs apache-airflow-providers-apache-spark and a Spark connection "spark_greentrain" whose
host is the cluster's master (spark://..., yarn or k8s://...). The run id is the logical date,
so a re-run of a night replaces that night's partitions and nothing else.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

GREENTRAIN_JAR = "/opt/greentrain/greentrain-jobs-0.1.0-SNAPSHOT.jar"
MAIN_CLASS = "org.greentrain.jobs.GreenTrain"

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
    SparkSubmitOperator(
        task_id="greentrain_run",
        conn_id="spark_greentrain",
        application=GREENTRAIN_JAR,
        java_class=MAIN_CLASS,
        name="greentrain-nightly",
        deploy_mode="client",
        application_args=[
            "run",
            "--run-id", "nightly-{{ ds }}",
            "--config", "/opt/greentrain/conf/cluster.conf",
        ],
        conf={
            "spark.driver.extraJavaOptions": "-Dai.djl.offline=true",
            "spark.executor.extraJavaOptions": "-Dai.djl.offline=true",
        },
        execution_timeout=timedelta(hours=5),
    )
