package dev.gofer.model;

/**
 * Why a run or task execution ended as it did. {@code reason} uses the contract's spellings:
 * runs: abnormal_exit, scheduler_error, failed_precondition, user_cancelled, admin_cancelled, timeout, oom_killed, unknown;
 * task executions: abnormal_exit, scheduler_error, failed_precondition, cancelled, orphaned, timeout, oom_killed, unknown.
 */
public record StatusReason(String reason, String description) {
    public static final String ABNORMAL_EXIT = "abnormal_exit";
    public static final String SCHEDULER_ERROR = "scheduler_error";
    public static final String FAILED_PRECONDITION = "failed_precondition";
    public static final String CANCELLED = "cancelled";
    public static final String USER_CANCELLED = "user_cancelled";
    public static final String ORPHANED = "orphaned";
    public static final String UNKNOWN = "unknown";
    /** A task ran past its {@code timeout}, or a run past its {@code run_timeout}. */
    public static final String TIMEOUT = "timeout";
    /** The container went past its memory limit and was killed. */
    public static final String OOM_KILLED = "oom_killed";
}
