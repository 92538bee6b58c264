"""A replay store the host implements (crosspay.ForeignReplayStore) over sqlite3: every payment-code
scenario of the shared vectors gives the same verdicts through it as through the built-in store,
two verifiers sharing one database never both accept a code (threads racing), and a store that
fails refuses the code (replay_store_failed) instead of accepting it."""
import sqlite3
import threading

import pytest

import crosspay
from crosspay import ClaimOutcome, ForeignReplayStore, StoreError, Verifier
from test_paycodes import V, options, reason, trust


class SqliteReplayStore(ForeignReplayStore):
    """The claim in one IMMEDIATE transaction: the checks in crosspay's order, then the record."""

    def __init__(self, path):
        self.path = path
        db = self._db()
        db.executescript(
            """
            CREATE TABLE IF NOT EXISTS alias (alias TEXT PRIMARY KEY, highest INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS seen (alias TEXT, counter INTEGER, code_time INTEGER, PRIMARY KEY (alias, counter));
            CREATE TABLE IF NOT EXISTS exposure (alias TEXT, currency TEXT, units INTEGER, PRIMARY KEY (alias, currency));
            CREATE TABLE IF NOT EXISTS trust (id INTEGER PRIMARY KEY CHECK (id = 0), sequence INTEGER NOT NULL);
            """
        )
        db.close()

    def _db(self):
        return sqlite3.connect(self.path, timeout=10, isolation_level=None)

    def claim(self, c):
        db = self._db()
        try:
            db.execute("BEGIN IMMEDIATE")
            row = db.execute("SELECT sequence FROM trust WHERE id = 0").fetchone()
            if c.trust_sequence is not None and row and c.trust_sequence < row[0]:
                db.execute("ROLLBACK")
                return ClaimOutcome.TRUST_LIST_ROLLBACK(highest=row[0])
            db.execute("DELETE FROM seen WHERE alias = ? AND code_time < ?", (c.alias, c.forget_before))
            known = db.execute("SELECT highest FROM alias WHERE alias = ?", (c.alias,)).fetchone()
            if known:
                seen = db.execute("SELECT 1 FROM seen WHERE alias = ? AND counter = ?", (c.alias, c.counter)).fetchone()
                if c.counter == known[0] or seen:
                    db.execute("ROLLBACK")
                    return ClaimOutcome.REPLAY()
                if c.counter < known[0]:
                    db.execute("ROLLBACK")
                    return ClaimOutcome.COUNTER_REWIND(highest=known[0])
            if c.currency is not None and c.max_exposure is not None:
                row = db.execute("SELECT units FROM exposure WHERE alias = ? AND currency = ?", (c.alias, c.currency)).fetchone()
                so_far = row[0] if row else 0
                if so_far + c.units > c.max_exposure:
                    db.execute("ROLLBACK")
                    return ClaimOutcome.EXPOSURE_EXCEEDED(exposure=so_far)
            db.execute("INSERT INTO seen VALUES (?, ?, ?)", (c.alias, c.counter, c.code_time))
            db.execute(
                "INSERT INTO alias VALUES (?, ?) ON CONFLICT (alias) DO UPDATE SET highest = max(highest, excluded.highest)",
                (c.alias, c.counter),
            )
            if c.currency is not None:
                db.execute(
                    "INSERT INTO exposure VALUES (?, ?, ?) ON CONFLICT (alias, currency) DO UPDATE SET units = units + excluded.units",
                    (c.alias, c.currency, c.units),
                )
            db.execute("COMMIT")
            return ClaimOutcome.ACCEPTED()
        finally:
            db.close()

    def accept_trust_sequence(self, sequence):
        db = self._db()
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("INSERT INTO trust VALUES (0, ?) ON CONFLICT (id) DO UPDATE SET sequence = max(sequence, excluded.sequence)", (sequence,))
            highest = db.execute("SELECT sequence FROM trust WHERE id = 0").fetchone()[0]
            db.execute("COMMIT")
            return highest
        finally:
            db.close()


@pytest.mark.parametrize("s", V["scenarios"], ids=[s["name"] for s in V["scenarios"]])
def test_every_scenario_through_a_host_store(s, tmp_path):
    verifier = Verifier.with_replay_store(trust(), options(s["options"]), SqliteReplayStore(str(tmp_path / "replay.db")))
    for step in s["steps"]:
        got = verifier.verify(step["payload"], step["at"])
        assert (got.accepted, reason(got)) == (step["accepted"], step["reason"]), (step["code"], got.detail)


def test_two_verifiers_on_one_database_never_both_accept(tmp_path):
    path = str(tmp_path / "shared.db")
    scenario = next(s for s in V["scenarios"] if s["name"].startswith("gate"))
    first = scenario["steps"][0]
    verifiers = [Verifier.with_replay_store(trust(), options(scenario["options"]), SqliteReplayStore(path)) for _ in range(2)]
    for _ in range(10):
        results = []
        barrier = threading.Barrier(2)

        def go(v):
            barrier.wait()
            results.append(v.verify(first["payload"], first["at"]))

        threads = [threading.Thread(target=go, args=(v,)) for v in verifiers]
        [t.start() for t in threads]
        [t.join() for t in threads]
        # the first round accepts once; every later round is all replays
        assert sum(r.accepted for r in results) <= 1
    assert reason(verifiers[0].verify(first["payload"], first["at"])) == "replay"


def test_a_failing_store_refuses_the_code():
    class Broken(ForeignReplayStore):
        def claim(self, c):
            raise StoreError.Failed("the database is locked")

        def accept_trust_sequence(self, sequence):
            return sequence

    scenario = next(s for s in V["scenarios"] if s["name"].startswith("gate"))
    verifier = Verifier.with_replay_store(trust(), options(scenario["options"]), Broken())
    got = verifier.verify(scenario["steps"][0]["payload"], scenario["steps"][0]["at"])
    assert (got.accepted, reason(got)) == (False, "replay_store_failed")
    assert "the database is locked" in got.detail

    class Raising(Broken):
        def claim(self, c):
            raise RuntimeError("a bug in the host's code")

    got = Verifier.with_replay_store(trust(), options(scenario["options"]), Raising()).verify(scenario["steps"][0]["payload"], scenario["steps"][0]["at"])
    assert (got.accepted, reason(got)) == (False, "replay_store_failed")
