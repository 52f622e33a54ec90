"""Creates sqlmodel-app.db exactly as the product's FastAPI app does: real SQLModel models
(JSON columns through sa_column=Column(JSON), as current SQLModel requires) and real sessions.

    pip install sqlmodel && python3 make_sqlmodel_fixture.py

The rows are small but cover what the reader must survive: non-ASCII names, secrets in config,
Python None stored as JSON 'null', NaN written by json.dumps, an orphan run (foreign keys are not
enforced), runs in every status including an unknown one, and an older datetime without a fraction.
"""
import math
import os
import sqlite3
from datetime import datetime, timezone
from typing import List, Optional

from sqlalchemy import JSON, Column
from sqlmodel import Field, Relationship, Session, SQLModel, create_engine


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    username: str = Field(unique=True, index=True)
    hashed_password: str
    email: Optional[str] = Field(default=None, unique=True, index=True)
    created_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    workflows: List["Workflow"] = Relationship(back_populates="owner")
    integrations: List["Integration"] = Relationship(back_populates="owner")


class Workflow(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    description: Optional[str] = Field(default=None)
    natural_language_description: str
    structured_definition: dict = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    updated_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    owner_id: int = Field(foreign_key="user.id")
    owner: User = Relationship(back_populates="workflows")
    runs: List["WorkflowRun"] = Relationship(back_populates="workflow")


class Integration(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    server_name: str
    config: dict = Field(sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    owner_id: int = Field(foreign_key="user.id")
    owner: User = Relationship(back_populates="integrations")


class WorkflowRun(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    triggered_at: datetime = Field(default_factory=lambda: datetime.now(timezone.utc))
    status: str
    trigger_data: Optional[dict] = Field(default=None, sa_column=Column(JSON))
    output_data: Optional[dict] = Field(default=None, sa_column=Column(JSON))
    error_message: Optional[str] = Field(default=None)
    workflow_id: int = Field(foreign_key="workflow.id")
    workflow: Workflow = Relationship(back_populates="runs")


def at(day, hour, minute=0, micro=0):
    return datetime(2026, 11, day, hour, minute, 0, micro, tzinfo=timezone.utc)


def main(path="sqlmodel-app.db"):
    if os.path.exists(path):
        os.remove(path)
    engine = create_engine(f"sqlite:///{path}")
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        alice = User(username="alice", hashed_password="$2b$12$aliceSECRETHASHaliceSECRETHASH", email="alice@example.com", created_at=at(1, 8))
        jozef = User(username="józef", hashed_password="$2b$12$jozefSECRETHASHjozefSECRETHASH", email=None, created_at=at(2, 9, 30, 250000))
        session.add_all([alice, jozef])
        session.commit()

        github = Integration(server_name="github.com/acme/github-mcp", owner_id=alice.id, created_at=at(3, 10),
                             config={"token": "ghp_SECRET1", "org": "acme", "nested": {"api_key": "k-SECRET2", "depth": [{"password": "p-SECRET3"}]}})
        slack = Integration(server_name="github.com/acme/slack-mcp", owner_id=alice.id, created_at=at(3, 11),
                            config={"workspace": "acme", "bot_token": "xoxb-SECRET4"})
        unused = Integration(server_name="github.com/garoth/echo-mcp", owner_id=jozef.id, created_at=at(4, 12), config={})
        session.add_all([github, slack, unused])
        session.commit()

        triage = Workflow(
            name="Triage new bug reports", description="Label and announce new bugs", owner_id=alice.id,
            natural_language_description="# Triage new bug reports\n\nWhen someone opens an issue labelled `bug`, add **triage**.\n",
            structured_definition={
                "trigger": {"type": "event", "integration": "github.com/acme/github-mcp", "event": "issues.opened"},
                "conditions": [{"field": "trigger.issue.labels", "op": "contains", "value": "bug"}],
                "actions": [
                    {"id": "label", "integration": "github.com/acme/github-mcp", "tool": "add_labels", "arguments": {"labels": ["triage"]}},
                    {"integration": "github.com/acme/slack-mcp", "tool": "post_message", "arguments": {"channel": "#triage", "text": "New bug: {{trigger.issue.title}}"}},
                ],
            },
            created_at=at(5, 9), updated_at=at(6, 9, 15, 123456))
        digest = Workflow(
            name="Résumé quotidien ☕", description=None, owner_id=jozef.id,
            natural_language_description="Every weekday at 9, post a digest.",
            structured_definition={"trigger": {"type": "schedule", "cron": "0 9 * * 1-5", "timezone": "Europe/Warsaw"},
                                   "actions": [{"server": "github.com/acme/notion-mcp", "name": "create_page", "args": {"title": "Digest"}}]},
            created_at=at(5, 10), updated_at=at(5, 10))
        never = Workflow(name="Never run", owner_id=alice.id, natural_language_description="Manual only.",
                         structured_definition={"trigger": "manual", "actions": []}, created_at=at(7, 10), updated_at=at(7, 10))
        session.add_all([triage, digest, never])
        session.commit()

        runs = [
            WorkflowRun(workflow_id=triage.id, triggered_at=at(20, 9, 0, 1), status="completed", trigger_data={"issue": {"title": "Crash ✓"}}, output_data={"ok": True}),
            WorkflowRun(workflow_id=triage.id, triggered_at=at(21, 9), status="failed", trigger_data={"issue": {"title": "Bug"}}, output_data=None, error_message="Slack API: channel_not_found"),
            WorkflowRun(workflow_id=triage.id, triggered_at=at(22, 9), status="failed", trigger_data=None, output_data={"score": math.nan}, error_message="Slack API: channel_not_found"),
            WorkflowRun(workflow_id=triage.id, triggered_at=at(23, 9), status="running"),
            WorkflowRun(workflow_id=digest.id, triggered_at=at(20, 8), status="completed", output_data={"pages": 1}),
            WorkflowRun(workflow_id=digest.id, triggered_at=at(21, 8), status="Success"),
            WorkflowRun(workflow_id=digest.id, triggered_at=at(22, 8), status="cancelled", error_message="Cancelled by józef"),
            WorkflowRun(workflow_id=999, triggered_at=at(22, 7), status="failed", error_message="Workflow deleted"),
        ]
        session.add_all(runs)
        session.commit()
    # Another writer of the same app stored an older row without a fraction, in ISO form.
    with sqlite3.connect(path) as db:
        db.execute("UPDATE workflowrun SET triggered_at = '2026-11-24T06:30:00' WHERE id = 4")


if __name__ == "__main__":
    main()
