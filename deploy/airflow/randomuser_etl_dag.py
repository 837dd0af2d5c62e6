"""randomuser-etl on Apache Airflow: one run per minute, for the minute its data interval starts.

Copy this file into the DAGs folder. Airflow 2.7 or later (Airflow 3 too). The task runs

    randomuser-etl run --slot <data_interval_start>

in one of two ways, chosen with RANDOMUSER_ETL_OPERATOR when the scheduler parses this file:

- ``kubernetes`` (default): a pod of the project's image through KubernetesPodOperator
  (apache-airflow-providers-cncf-kubernetes). Its settings come from the ConfigMap ``randomuser-etl`` and
  the password from the Secret ``randomuser-etl-db`` of deploy/kubernetes.
- ``bash``: the shaded jar on the worker through BashOperator; RANDOMUSER_ETL_JAR names it, and the
  worker's environment carries the ETL_* settings.

Retries follow the command's exit codes (EXIT_CODE_POLICY below): 4 (another process runs the slot right
now), 1 (the run failed; the retry fetches the same users), 3 (database unreachable), 6 (schema not
migrated yet) and 7 (the source's budget defers the run) are retried; 2 (a wrong setting or command line), 5 (no ETL_DB_URL, and the embedded
database cannot run) and 70 (a bug) fail the task at once. A slot that already succeeded exits 0, so a retry
or a cleared task never loads a minute twice.

Settings read when the file is parsed:
    RANDOMUSER_ETL_OPERATOR         kubernetes | bash                     (kubernetes)
    RANDOMUSER_ETL_CATCHUP          true: runs every minute since the start date that has no DAG run
                                    (false)
    RANDOMUSER_ETL_START_DATE       ISO date-time with offset             (2026-01-01T00:00:00+00:00)
    RANDOMUSER_ETL_MAX_ACTIVE_RUNS  minutes run at once, e.g. while catching up    (4)
    RANDOMUSER_ETL_IMAGE            the image, for kubernetes             (randomuser-etl:0.1.0-SNAPSHOT)
    RANDOMUSER_ETL_NAMESPACE        the pods' namespace, for kubernetes   (default)
    RANDOMUSER_ETL_JAR              the jar, for bash                     (/opt/randomuser-etl/randomuser-etl.jar)

The constants in the next block are plain data: deploy/airflow/render_task.py reads and renders them
without Airflow (the tests run the rendered command), so keep them literals.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta

DAG_ID = "randomuser_etl"
# Every minute; each DAG run's data interval is one minute, [start, start + 1m).
SCHEDULE = "* * * * *"
# The slot: the data interval's start, e.g. 2026-01-01T00:05:00+00:00 (--slot takes an ISO minute
# with any offset).
SLOT_TEMPLATE = "{{ data_interval_start.isoformat() }}"
# The image's entrypoint is `java -jar /app/randomuser-etl.jar`; these are its arguments.
RUN_ARGUMENTS = ["run", "--slot", SLOT_TEMPLATE]
# The BashOperator variant. exec: Airflow's SIGTERM on a timeout or a cleared task reaches the JVM, which
# lets the run in flight finish within ETL_SHUTDOWN_GRACE.
BASH_COMMAND = 'exec java -jar "$RANDOMUSER_ETL_JAR" run --slot ' + SLOT_TEMPLATE
# What an exit code of `randomuser-etl run` means for the task (README, "Exit codes"). A code not
# listed (137: killed for memory, 143: terminated) is retried.
EXIT_CODE_POLICY = {
    0: "success",  # loaded, or found already loaded
    1: "retry",  # the run failed (source, sink, quality gate); a retry fetches the same users
    2: "fail",  # a wrong setting or command line: retrying cannot help
    3: "retry",  # the database is unreachable or refused the login
    4: "retry",  # another process runs this slot right now: try again later
    5: "fail",  # the embedded database cannot run: set ETL_DB_URL (a DAG always should)
    6: "retry",  # the schema is not migrated yet: the migrate Job may still be running
    7: "retry",  # the source's budget defers the run: its window has room again within minutes
    70: "fail",  # an unexpected error (a bug), logged with its stack trace
}
RETRIES = 6
RETRY_DELAY_SECONDS = 20

# ---- Airflow from here on. ------------------------------------------------------------------------

from airflow.exceptions import AirflowException, AirflowFailException, AirflowSkipException  # noqa: E402

try:  # Airflow 3: the task SDK
    from airflow.sdk import DAG  # noqa: E402
except ImportError:  # Airflow 2
    from airflow import DAG  # noqa: E402


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in ("1", "true", "yes"):
        return True
    if value in ("0", "false", "no"):
        return False
    raise ValueError(f"{name} must be true or false, got {value!r}")


def raise_for_exit_code(exit_code: int | None, failure: Exception) -> None:
    """Turns a failed run into a retry (re-raises) or a final failure (AirflowFailException)."""
    if EXIT_CODE_POLICY.get(exit_code, "retry") == "fail":
        raise AirflowFailException(
            f"randomuser-etl exited {exit_code}, which retrying cannot fix (2: a wrong setting, 70: a bug); see the log"
        ) from failure
    raise failure


OPERATOR = os.environ.get("RANDOMUSER_ETL_OPERATOR", "kubernetes").strip().lower()
CATCHUP = _flag("RANDOMUSER_ETL_CATCHUP", False)
START_DATE = datetime.fromisoformat(os.environ.get("RANDOMUSER_ETL_START_DATE", "2026-01-01T00:00:00+00:00"))
if START_DATE.tzinfo is None:
    raise ValueError("RANDOMUSER_ETL_START_DATE needs an offset, e.g. 2026-01-01T00:00:00+00:00")
MAX_ACTIVE_RUNS = int(os.environ.get("RANDOMUSER_ETL_MAX_ACTIVE_RUNS", "4"))

default_args = {
    "owner": "randomuser-etl",
    "retries": RETRIES,
    "retry_delay": timedelta(seconds=RETRY_DELAY_SECONDS),
    "retry_exponential_backoff": True,
    "max_retry_delay": timedelta(minutes=5),
    # A run's own deadline is ETL_RUN_TIMEOUT (50s); this covers a pod's or a JVM's start too.
    "execution_timeout": timedelta(minutes=5),
}

with DAG(
    dag_id=DAG_ID,
    description="Loads one minute of randomuser.me users into PostgreSQL, exactly once",
    schedule=SCHEDULE,
    start_date=START_DATE,
    catchup=CATCHUP,
    max_active_runs=MAX_ACTIVE_RUNS,
    default_args=default_args,
    tags=["randomuser-etl"],
    doc_md=__doc__,
) as dag:
    if OPERATOR == "bash":
        try:  # Airflow 3: the standard provider
            from airflow.providers.standard.operators.bash import BashOperator
        except ImportError:  # Airflow 2
            from airflow.operators.bash import BashOperator

        class RandomUserEtlBashOperator(BashOperator):
            """BashOperator whose failure retries or not by the command's exit code."""

            def execute(self, context):
                try:
                    return super().execute(context)
                except AirflowSkipException:
                    raise
                except AirflowException as failure:
                    process = getattr(self.subprocess_hook, "sub_process", None)
                    raise_for_exit_code(getattr(process, "returncode", None), failure)

        RandomUserEtlBashOperator(
            task_id="run_slot",
            bash_command=BASH_COMMAND,
            env={"RANDOMUSER_ETL_JAR": os.environ.get("RANDOMUSER_ETL_JAR", "/opt/randomuser-etl/randomuser-etl.jar")},
            # Keep the worker's environment: the ETL_* settings and PATH (java).
            append_env=True,
        )
    elif OPERATOR == "kubernetes":
        from airflow.providers.cncf.kubernetes.operators.pod import KubernetesPodOperator
        from kubernetes.client import models as k8s

        class RandomUserEtlPodOperator(KubernetesPodOperator):
            """KubernetesPodOperator whose failure retries or not by the container's exit code."""

            def cleanup(self, pod, remote_pod):
                try:
                    return super().cleanup(pod, remote_pod)
                except AirflowSkipException:
                    raise
                except AirflowException as failure:
                    raise_for_exit_code(self._exit_code(remote_pod), failure)

            def _exit_code(self, remote_pod):
                statuses = (remote_pod and remote_pod.status and remote_pod.status.container_statuses) or []
                for status in statuses:
                    if status.name == self.base_container_name and status.state and status.state.terminated:
                        return status.state.terminated.exit_code
                return None

        RandomUserEtlPodOperator(
            task_id="run_slot",
            name="randomuser-etl-run",
            namespace=os.environ.get("RANDOMUSER_ETL_NAMESPACE", "default"),
            image=os.environ.get("RANDOMUSER_ETL_IMAGE", "randomuser-etl:0.1.0-SNAPSHOT"),
            arguments=RUN_ARGUMENTS,
            env_from=[k8s.V1EnvFromSource(config_map_ref=k8s.V1ConfigMapEnvSource(name="randomuser-etl"))],
            volumes=[
                k8s.V1Volume(
                    name="db-password",
                    secret=k8s.V1SecretVolumeSource(
                        secret_name="randomuser-etl-db", items=[k8s.V1KeyToPath(key="password", path="password")]
                    ),
                ),
                k8s.V1Volume(name="tmp", empty_dir=k8s.V1EmptyDirVolumeSource(size_limit="64Mi")),
            ],
            volume_mounts=[
                k8s.V1VolumeMount(name="db-password", mount_path="/var/run/secrets/randomuser-etl", read_only=True),
                k8s.V1VolumeMount(name="tmp", mount_path="/tmp"),
            ],
            container_resources=k8s.V1ResourceRequirements(
                requests={"cpu": "250m", "memory": "512Mi"}, limits={"memory": "768Mi"}
            ),
            security_context=k8s.V1PodSecurityContext(run_as_non_root=True, run_as_user=10001, run_as_group=10001),
            container_security_context=k8s.V1SecurityContext(
                allow_privilege_escalation=False,
                read_only_root_filesystem=True,
                capabilities=k8s.V1Capabilities(drop=["ALL"]),
            ),
            termination_grace_period=45,
            startup_timeout_seconds=180,
            get_logs=True,
            on_finish_action="delete_succeeded_pod",
        )
    else:
        raise ValueError(f"RANDOMUSER_ETL_OPERATOR must be kubernetes or bash, got {OPERATOR!r}")
