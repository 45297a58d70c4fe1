package dev.gofer.bench;

import dev.gofer.dag.Dag;
import dev.gofer.dag.Decisions;
import dev.gofer.dag.Node;
import dev.gofer.dag.RunSnapshot;
import dev.gofer.model.StatusReason;
import dev.gofer.model.TaskStatus;
import dev.gofer.sdk.config.RequiredParentStatus;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * 8. {@link Dag#next} alone (JMH): one evaluation of a 1,000-task run right after a state change, the call the
 * orchestrator makes after every task event. Shapes:
 * <ul>
 *   <li>{@code chain}: t0 → t1 → … → t999, t0…t499 done, so t500 is the one to start;</li>
 *   <li>{@code fan-out}: a root that just succeeded and 999 children that may all start now;</li>
 *   <li>{@code skip-cascade}: the same chain listed in reverse order and its root failed, so all 999 others are
 *       skipped in one evaluation (the old evaluator's worst case: each of its passes over the tasks
 *       skipped only one more).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DagEvaluation {
    static final int TASKS = 1000;

    @Param({"chain", "fan-out", "skip-cascade"})
    public String shape;

    private RunSnapshot snapshot;

    @Setup
    public void setUp() {
        snapshot = snapshot(shape);
    }

    @Benchmark
    public Decisions next() {
        return Dag.next(snapshot);
    }

    static RunSnapshot snapshot(String shape) {
        List<Node> nodes = new ArrayList<>();
        StatusReason failed = new StatusReason(StatusReason.ABNORMAL_EXIT, "exit 1");
        switch (shape) {
            case "chain" -> {
                for (int i = 0; i < TASKS; i++) {
                    Node n = Node.notStarted("t" + i, i == 0 ? Map.of() : Map.of("t" + (i - 1), RequiredParentStatus.SUCCESS));
                    nodes.add(i < TASKS / 2 ? n.done(TaskStatus.SUCCESSFUL, null) : n);
                }
            }
            case "fan-out" -> {
                nodes.add(Node.notStarted("root", Map.of()).done(TaskStatus.SUCCESSFUL, null));
                for (int i = 1; i < TASKS; i++) {
                    nodes.add(Node.notStarted("t" + i, Map.of("root", RequiredParentStatus.SUCCESS)));
                }
            }
            case "skip-cascade" -> {
                for (int i = TASKS - 1; i >= 0; i--) {
                    Node n = Node.notStarted("t" + i, i == 0 ? Map.of() : Map.of("t" + (i - 1), RequiredParentStatus.SUCCESS));
                    nodes.add(i == 0 ? n.done(TaskStatus.FAILED, failed) : n);
                }
            }
            default -> throw new IllegalArgumentException("unknown shape " + shape);
        }
        return new RunSnapshot(nodes, 0, false);
    }

    /** Runs the JMH benchmark in a forked JVM and adds one row per shape. */
    static void run(Options options, Report report) throws Exception {
        int warmups = options.pick(3, 1);
        int iterations = options.pick(5, 3);
        TimeValue time = options.quick() ? TimeValue.milliseconds(500) : TimeValue.seconds(1);
        Path log = options.repo().resolve("bench/target/jmh.log").toAbsolutePath();
        var jmh = new OptionsBuilder().include(DagEvaluation.class.getName() + ".next")
                .forks(1).warmupIterations(warmups).warmupTime(time).measurementIterations(iterations).measurementTime(time)
                .output(log.toString()).build();
        Map<String, List<Double>> byShape = new HashMap<>();
        for (RunResult r : new Runner(jmh).run()) {
            List<Double> scores = new ArrayList<>();
            r.getBenchmarkResults().forEach(b -> b.getIterationResults()
                    .forEach(it -> scores.add(it.getPrimaryResult().getScore())));
            byShape.put(r.getParams().getParam("shape"), scores);
        }
        for (String shape : List.of("chain", "fan-out", "skip-cascade")) {
            report.add(Row.absolute("DAG evaluation, 1,000 tasks: " + shape, Stats.of(byShape.get(shape)), Unit.US,
                    Row.Target.below(1000, Unit.US), "JMH, one `Dag.next` call; spread over " + iterations
                            + " measurement iterations (full JMH output: bench/target/jmh.log)"));
        }
    }
}
