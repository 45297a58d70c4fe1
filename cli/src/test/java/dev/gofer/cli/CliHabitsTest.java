package dev.gofer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.gofer.cli.GoferCli.Result;
import dev.gofer.testing.Command;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What users expect of any CLI: shell completion, a `version` command, ~ meaning $HOME. */
class CliHabitsTest {
    private final GoferCli gofer = GoferCli.offline();

    @TempDir
    Path dir;

    @Test
    void theBashCompletionScriptCompletesCommandsAndSubcommands() throws Exception {
        Result completion = gofer.run("completion", "bash");
        assertEquals(0, completion.exitCode(), completion::toString);
        Path script = Files.writeString(dir.resolve("gofer.bash"), completion.out());

        assertEquals(List.of("pipeline"), complete(script, "gofer", "pip"));
        List<String> runCommands = complete(script, "gofer", "run", "");
        assertTrue(runCommands.containsAll(List.of("start", "list", "get", "cancel")), runCommands::toString);
        assertTrue(complete(script, "gofer", "").containsAll(List.of("completion", "version", "service", "task")));
        assertTrue(complete(script, "gofer", "pipeline", "list", "--na").contains("--namespace"));
    }

    @Test
    void zshGetsTheSameScriptWhichTurnsOnBashCompletionInZsh() {
        Result zsh = gofer.run("completion", "zsh");
        assertEquals(0, zsh.exitCode(), zsh::toString);
        assertEquals(gofer.run("completion", "bash").out(), zsh.out());
        assertTrue(zsh.out().contains("autoload -U +X bashcompinit && bashcompinit"), zsh::toString);
        assertTrue(zsh.out().contains("complete -F _complete_gofer"), zsh::toString);
    }

    @Test
    void anUnknownShellIsAUsageErrorNamingTheKnownOnes() {
        Result fish = gofer.run("completion", "fish");
        assertEquals(2, fish.exitCode(), fish::toString);
        assertTrue(fish.err().contains("bash, zsh"), fish::toString);
    }

    @Test
    void versionCommandPrintsWhatVersionFlagPrints() {
        Result flag = gofer.run("--version");
        Result command = gofer.run("version");
        assertEquals(0, command.exitCode(), command::toString);
        assertTrue(command.out().startsWith("gofer "), command::toString);
        assertEquals(flag.out(), command.out());
    }

    /** The real program in its own JVM, so HOME really is set: the token it sends comes from $HOME/.gofer.yaml. */
    @Test
    void theSavedTokenIsReadFromHomeAndFromUserHomeWhenHomeIsUnset() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path userHome = Files.createDirectories(dir.resolve("user-home"));
        Files.writeString(home.resolve(".gofer.yaml"), "token: from-HOME\n");
        Files.writeString(userHome.resolve(".gofer.yaml"), "token: from-user.home\n");
        List<String> authorizations = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            byte[] body = "{\"pipelines\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String host = "http://127.0.0.1:" + server.getAddress().getPort();
            String withHome = runGofer(home, userHome, "pipeline", "list", "--host", host);
            assertTrue(withHome.contains("no pipelines"), withHome);
            assertEquals(List.of("Bearer from-HOME"), authorizations);

            authorizations.clear();
            String withoutHome = runGofer(null, userHome, "pipeline", "list", "--host", host);
            assertTrue(withoutHome.contains("no pipelines"), withoutHome);
            assertEquals(List.of("Bearer from-user.home"), authorizations);
        } finally {
            server.stop(0);
        }
    }

    /** Runs gofer in a new JVM with HOME = {@code home} (unset when null) and user.home = {@code userHome}. */
    private static String runGofer(Path home, Path userHome, String... args) {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of("env")); // no GOFER_* variables; HOME = home, or unset
        for (String name : List.of("GOFER_TOKEN", "GOFER_CONFIG", "GOFER_HOST", "GOFER_NAMESPACE", "HOME")) {
            cmd.addAll(List.of("-u", name));
        }
        if (home != null) {
            cmd.add("HOME=" + home);
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + userHome, "-cp", classpath, Gofer.class.getName()));
        cmd.addAll(List.of(args));
        Command.Result r = Command.run(Duration.ofSeconds(60), cmd);
        assertEquals(0, r.exitCode(), r.output());
        return r.output();
    }

    /** What bash's completion offers for the last word of {@code words}, after sourcing {@code script}. */
    private static List<String> complete(Path script, String... words) {
        StringBuilder array = new StringBuilder();
        for (String w : words) {
            array.append(" '").append(w).append('\'');
        }
        String bash = "source " + script + "\n"
                + "COMP_WORDS=(" + array + ")\n"
                + "COMP_CWORD=" + (words.length - 1) + "\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"; COMP_POINT=${#COMP_LINE}\n"
                + "_complete_gofer gofer \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        Command.Result r = Command.run(Duration.ofSeconds(30), "bash", "-c", bash);
        assertEquals(0, r.exitCode(), r.output());
        return r.output().lines().filter(l -> !l.isBlank()).toList();
    }
}
