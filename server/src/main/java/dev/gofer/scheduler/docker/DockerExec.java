package dev.gofer.scheduler.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.gofer.scheduler.ExecSession;
import dev.gofer.scheduler.SchedulerException;
import java.util.List;

/**
 * Docker exec for {@link DockerScheduler#exec}: creates the exec with stdin, stdout and stderr attached (no TTY, so
 * the two outputs stay apart), starts it on a hijacked connection and copies its frames to the session until it
 * ends. The engine client cannot pass end-of-input on, so a command reading stdin runs until it exits by itself, the
 * session is cancelled, or its container stops.
 */
final class DockerExec {
    private DockerExec() {
    }

    static int run(DockerClient docker, DockerClient streams, String containerId, List<String> command, ExecSession session) throws SchedulerException {
        try {
            String execId = docker.execCreateCmd(containerId).withAttachStdin(true).withAttachStdout(true).withAttachStderr(true)
                    .withTty(false).withCmd(command.toArray(String[]::new)).exec().getId();
            ResultCallback.Adapter<Frame> output = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame frame) {
                    session.output().accept(frame.getStreamType() == StreamType.STDERR, frame.getPayload());
                }
            };
            streams.execStartCmd(execId).withDetach(false).withTty(false).withStdIn(session.stdin()).exec(output);
            session.streaming(output);
            output.awaitCompletion();
            return session.cancelled() ? -1 : exitCode(docker, execId);
        } catch (NotFoundException e) {
            throw new SchedulerException("container " + containerId + " is gone");
        } catch (ConflictException e) {
            throw new SchedulerException("container " + containerId + " is not running");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchedulerException("interrupted while running a command in container " + containerId);
        } catch (RuntimeException e) {
            throw new SchedulerException("could not run a command in container " + containerId + ": " + e.getMessage(), e);
        } finally {
            session.endInput(); // the engine client's stdin thread ends with it
        }
    }

    /** The exec's stream ends as it exits; the engine may take a moment to record the code. -1 when it does not say. */
    private static int exitCode(DockerClient docker, String execId) throws InterruptedException {
        for (int i = 0; i < 40; i++) {
            InspectExecResponse exec = docker.inspectExecCmd(execId).exec();
            if (!Boolean.TRUE.equals(exec.isRunning()) && exec.getExitCodeLong() != null) {
                return exec.getExitCodeLong().intValue();
            }
            Thread.sleep(50);
        }
        return -1;
    }
}
