package dev.gofer.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gofer.model.RunKey;
import dev.gofer.model.WaitingFor;
import dev.gofer.runs.RunAdmission.Decision;
import dev.gofer.runs.RunAdmission.Entry;
import dev.gofer.runs.RunAdmission.Limits;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@link RunAdmission}: which pending runs start, and what the others wait for, as a pure function. */
@DisplayName("Run admission: max_concurrent_runs, concurrency groups, first come first served")
class RunAdmissionTest {
    private static final Limits ONE_AT_A_TIME = new Limits(1, null, false);
    private static final Limits PROD = new Limits(0, "prod", false);

    private static Entry run(String pipeline, long id, long queued, Limits limits) {
        return new Entry(new RunKey("default", pipeline, id), queued, limits);
    }

    private static RunKey key(String pipeline, long id) {
        return new RunKey("default", pipeline, id);
    }

    @Test
    @DisplayName("without limits every pending run starts, oldest first")
    void noLimits() {
        Decision d = RunAdmission.decide(List.of(run("a", 2, 20, Limits.NONE), run("a", 1, 10, Limits.NONE)), List.of());

        assertEquals(List.of(key("a", 1), key("a", 2)), d.start());
        assertEquals(0, d.waiting().size());
    }

    @Test
    @DisplayName("max_concurrent_runs 1: the oldest pending run starts only when none runs; the next waits naming the cap and the run it waits behind")
    void capOfOne() {
        Decision idle = RunAdmission.decide(List.of(run("a", 2, 20, ONE_AT_A_TIME), run("a", 3, 30, ONE_AT_A_TIME)), List.of());
        assertEquals(List.of(key("a", 2)), idle.start());
        WaitingFor why = idle.waiting().get(key("a", 3));
        assertEquals(WaitingFor.MAX_CONCURRENT_RUNS, why.kind());
        assertEquals(1, why.limit());
        assertEquals(2, why.runId(), "it waits behind the run that just started");

        Decision busy = RunAdmission.decide(List.of(run("a", 2, 20, ONE_AT_A_TIME)), List.of(run("a", 1, 10, ONE_AT_A_TIME)));
        assertEquals(List.of(), busy.start());
        assertEquals(1, busy.waiting().get(key("a", 2)).runId());
    }

    @Test
    @DisplayName("a cap of 2 lets two run; other pipelines are not counted")
    void capOfTwo() {
        Limits two = new Limits(2, null, false);
        Decision d = RunAdmission.decide(List.of(run("a", 2, 20, two), run("a", 3, 30, two), run("b", 1, 5, two)),
                List.of(run("a", 1, 10, two)));

        assertEquals(List.of(key("b", 1), key("a", 2)), d.start());
        assertEquals(List.of(key("a", 3)), List.copyOf(d.waiting().keySet()));
    }

    @Test
    @DisplayName("a concurrency group is one lock across pipelines of a namespace, not across namespaces")
    void groupAcrossPipelines() {
        Entry otherNamespace = new Entry(new RunKey("team-b", "deploy-web", 1), 1, PROD);
        Decision d = RunAdmission.decide(List.of(run("deploy-api", 1, 20, PROD), otherNamespace),
                List.of(run("deploy-web", 4, 10, PROD)));

        assertEquals(List.of(otherNamespace.key()), d.start());
        WaitingFor why = d.waiting().get(key("deploy-api", 1));
        assertEquals(WaitingFor.CONCURRENCY_GROUP, why.kind());
        assertEquals("prod", why.group());
        assertEquals("deploy-web", why.pipelineId());
        assertEquals(4, why.runId());
    }

    @Test
    @DisplayName("two pending runs of a free group: only the older starts")
    void groupStartsOneAtATime() {
        Decision d = RunAdmission.decide(List.of(run("deploy-web", 1, 20, PROD), run("deploy-api", 1, 10, PROD)), List.of());

        assertEquals(List.of(key("deploy-api", 1)), d.start());
        assertEquals("deploy-api", d.waiting().get(key("deploy-web", 1)).pipelineId());
    }

    @Test
    @DisplayName("no overtaking: a younger group member waits while an older one waits for its pipeline's cap")
    void noOvertakingInAGroup() {
        Limits cappedProd = new Limits(1, "prod", false);
        Decision d = RunAdmission.decide(List.of(run("a", 2, 20, cappedProd), run("b", 1, 30, PROD)),
                List.of(run("a", 1, 10, new Limits(1, null, false))));

        assertEquals(List.of(), d.start(), "b would be free, but a's run 2 came first in the group");
        assertEquals(WaitingFor.CONCURRENCY_GROUP, d.waiting().get(key("b", 1)).kind());
        assertEquals(2, d.waiting().get(key("b", 1)).runId());
    }

    @Test
    @DisplayName("cancel_in_progress: a new run supersedes the group's running and pending runs, not its own or other groups'")
    void superseded() {
        Limits cancelling = new Limits(0, "prod", true);
        Entry fresh = run("deploy-api", 3, 30, cancelling);
        List<RunKey> out = RunAdmission.superseded(fresh,
                List.of(fresh, run("deploy-web", 2, 20, PROD), run("other", 1, 5, Limits.NONE)),
                List.of(run("deploy-api", 2, 10, cancelling), run("staging", 1, 1, new Limits(0, "staging", false))));

        assertEquals(List.of(key("deploy-api", 2), key("deploy-web", 2)), out);
        assertEquals(List.of(), RunAdmission.superseded(run("x", 1, 1, PROD), List.of(), List.of(run("y", 1, 1, PROD))),
                "without cancel_in_progress nothing is cancelled");
    }

    @Test
    @DisplayName("a run with no cap and no group never waits, whatever else runs")
    void unlimitedNeverWaits() {
        Decision d = RunAdmission.decide(List.of(run("free", 9, 1, Limits.NONE)), List.of(run("a", 1, 0, PROD)));
        assertEquals(List.of(key("free", 9)), d.start());
        assertNull(d.waiting().get(key("free", 9)));
    }
}
