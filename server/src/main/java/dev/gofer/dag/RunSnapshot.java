package dev.gofer.dag;

import java.util.List;

/**
 * The state of one run as the evaluator sees it.
 *
 * @param nodes           every task, in config order (the order ties are broken in)
 * @param parallelism     most tasks started at once; 0 = no cap
 * @param cancelRequested someone asked to cancel the run
 */
public record RunSnapshot(List<Node> nodes, long parallelism, boolean cancelRequested) {
    public RunSnapshot {
        nodes = List.copyOf(nodes);
    }
}
