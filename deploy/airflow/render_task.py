#!/usr/bin/env python3
"""Renders what the randomuser_etl DAG's task runs for one logical date, without Airflow.

    python3 deploy/airflow/render_task.py --logical-date 2026-01-01T00:05:00+00:00

prints JSON: the DAG's id and schedule, the slot, the container's arguments, the BashOperator's
command and the exit-code policy. The DAG file is read, not imported (importing needs Airflow): its
plain-data constants are evaluated from the syntax tree, then rendered with Jinja2 the way Airflow
renders a template field (a sandboxed environment, undefined names are errors), with the context
values this task uses. Needs only Jinja2 (Debian: python3-jinja2).
"""
from __future__ import annotations

import argparse
import ast
import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import jinja2
import jinja2.sandbox

CONSTANTS = ("DAG_ID", "SCHEDULE", "SLOT_TEMPLATE", "RUN_ARGUMENTS", "BASH_COMMAND", "EXIT_CODE_POLICY")
DEFAULT_DAG = Path(__file__).with_name("randomuser_etl_dag.py")


def constants(dag_file: Path) -> dict:
    """Module-level constants of the DAG file: literals, names of earlier constants, and str + str."""
    values: dict = {}

    def evaluate(node: ast.AST):
        if isinstance(node, ast.Name):
            if node.id not in values:
                raise ValueError(f"{node.id} is not a constant defined above it")
            return values[node.id]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return evaluate(node.left) + evaluate(node.right)
        if isinstance(node, ast.List):
            return [evaluate(e) for e in node.elts]
        if isinstance(node, ast.Dict):
            return {evaluate(k): evaluate(v) for k, v in zip(node.keys, node.values)}
        return ast.literal_eval(node)

    tree = ast.parse(dag_file.read_text(encoding="utf-8"), filename=str(dag_file))
    for statement in tree.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
            name = statement.targets[0].id
            if name.isupper():
                try:
                    values[name] = evaluate(statement.value)
                except (ValueError, TypeError, SyntaxError):
                    continue  # not plain data (read from the environment at parse time)
    missing = [c for c in CONSTANTS if c not in values]
    if missing:
        raise SystemExit(f"{dag_file}: no plain-data constant {', '.join(missing)}")
    return values


def interval_end(schedule: str, start: datetime) -> datetime:
    if schedule != "* * * * *":
        raise SystemExit(f"only the every-minute schedule is supported here, got {schedule!r}")
    return start + timedelta(minutes=1)


def render(dag_file: Path, logical_date: datetime) -> dict:
    c = constants(dag_file)
    env = jinja2.sandbox.SandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=False)
    start = logical_date
    context = {
        "logical_date": start,
        "data_interval_start": start,
        "data_interval_end": interval_end(c["SCHEDULE"], start),
        "ds": start.strftime("%Y-%m-%d"),
        "ts": start.isoformat(),
        "dag_id": c["DAG_ID"],
        "params": {},
    }

    def r(template: str) -> str:
        return env.from_string(template).render(context)

    return {
        "dag_id": c["DAG_ID"],
        "schedule": c["SCHEDULE"],
        "slot": r(c["SLOT_TEMPLATE"]),
        "run_arguments": [r(a) for a in c["RUN_ARGUMENTS"]],
        "bash_command": r(c["BASH_COMMAND"]),
        "exit_code_policy": {str(k): v for k, v in c["EXIT_CODE_POLICY"].items()},
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dag", type=Path, default=DEFAULT_DAG, help="the DAG file (default: beside this script)")
    parser.add_argument("--logical-date", required=True, help="ISO date-time with offset, e.g. 2026-01-01T00:05:00+00:00")
    args = parser.parse_args(argv)
    logical_date = datetime.fromisoformat(args.logical_date)
    if logical_date.tzinfo is None:
        parser.error("--logical-date needs an offset, as Airflow's dates have")
    json.dump(render(args.dag, logical_date), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
