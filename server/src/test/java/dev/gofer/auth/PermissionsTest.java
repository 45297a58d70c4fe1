package dev.gofer.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PermissionsTest {
    private static final Set<Action> R = Set.of(Action.READ);

    @Test
    void patternsMatchWholeIdsAndListingsNeedAnyGrant() {
        Permission p = Permission.of(R, "namespaces:team-a", "runs");
        assertTrue(p.grants(Action.READ, Target.namespace("team-a")));
        assertFalse(p.grants(Action.READ, Target.namespace("team-ab")), "no prefix matches");
        assertFalse(p.grants(Action.WRITE, Target.namespace("team-a")), "actions count");
        assertTrue(p.grants(Action.READ, Target.namespace(null)), "a listing route lets any namespace grant in");
        assertTrue(p.grants(Action.READ, Target.of("runs")));
        assertFalse(p.grants(Action.READ, Target.of("tokens")));
        assertTrue(Permission.of(R, "all").grants(Action.READ, Target.of("tokens")));
    }

    @Test
    void oneRoleMustCoverTheWholeRequest() {
        Role nsOnly = new Role("a", "", List.of(Permission.of(R, "namespaces:^b$")), false);
        Role runsOnly = new Role("b", "", List.of(Permission.of(R, "runs")), false);
        Caller caller = new Caller(new Token("t", "h", 0, 0, false, "u", List.of("a", "b"), Map.of()), List.of(nsOnly, runsOnly), false);
        assertFalse(caller.may(Action.READ, Target.namespace("b"), Target.of("runs")),
                "two roles do not combine into a grant neither gives");
    }

    @Test
    void literalSegmentsWinOverParametersAndUnknownPathsAreUndeclared() {
        assertEquals("/api/tokens/whoami", RouteMatcher.match("GET", "/api/tokens/whoami").orElseThrow().rule().path());
        RouteMatcher.Match m = RouteMatcher.match("GET", "/api/namespaces/team-a/pipelines/p1/runs/3").orElseThrow();
        assertEquals(Map.of("namespace_id", "team-a", "pipeline_id", "p1", "run_id", "3"), m.params());
        assertTrue(RouteMatcher.match("PUT", "/api/namespaces").isEmpty());
        assertTrue(RouteMatcher.match("GET", "/api/nothing/here").isEmpty());
    }

    @Test
    void aRunTokenReachesOnlyItsRunAndItsPipelinesObjects() {
        dev.gofer.model.RunKey run = new dev.gofer.model.RunKey("team-a", "build", 7);
        Token token = Token.forRun("t", "h", 0, run);
        assertEquals(java.util.Optional.of(run), token.run());
        assertEquals("run:team-a/build/7", token.user());
        Caller caller = new Caller(token, List.of(Role.forRun(run)), false);
        String pp = "/api/namespaces/%s/pipelines/%s";
        // allowed: its pipeline's objects (read, write), its run's objects, the run and its tasks (read)
        allowed(caller, "GET", pp.formatted("team-a", "build") + "/objects/cache");
        allowed(caller, "POST", pp.formatted("team-a", "build") + "/objects/cache");
        allowed(caller, "GET", pp.formatted("team-a", "build") + "/runs/7/objects");
        allowed(caller, "POST", pp.formatted("team-a", "build") + "/runs/7/objects/out.txt");
        allowed(caller, "GET", pp.formatted("team-a", "build") + "/runs/7");
        allowed(caller, "GET", pp.formatted("team-a", "build") + "/runs/7/tasks/compile/logs");
        // refused: other runs, other pipelines, other namespaces, listings, secrets, deleting, anything else
        for (String[] req : new String[][]{
                {"GET", pp.formatted("team-a", "build") + "/runs/6/objects/out.txt"},
                {"POST", pp.formatted("team-a", "build") + "/runs/8/objects/out.txt"},
                {"GET", pp.formatted("team-a", "build") + "/runs/07"},
                {"GET", pp.formatted("team-a", "build") + "/runs"},
                {"POST", pp.formatted("team-a", "build") + "/runs"},
                {"DELETE", pp.formatted("team-a", "build") + "/runs/7"},
                {"DELETE", pp.formatted("team-a", "build") + "/objects/cache"},
                {"GET", pp.formatted("team-a", "build") + "/secrets"},
                {"GET", pp.formatted("team-a", "build") + "/secrets/DB"},
                {"GET", pp.formatted("team-a", "build")},
                {"GET", pp.formatted("team-a", "build") + "/configs"},
                {"GET", pp.formatted("team-a", "deploy") + "/objects/cache"},
                {"GET", pp.formatted("team-b", "build") + "/objects/cache"},
                {"GET", pp.formatted("team-b", "build") + "/runs/7"},
                {"GET", "/api/namespaces/team-a"},
                {"GET", "/api/namespaces"},
                {"GET", "/api/namespaces/team-a/pipelines"},
                {"GET", "/api/secrets/global"},
                {"GET", "/api/tokens"},
                {"GET", "/api/events"},
                {"GET", "/api/extensions/cron/objects/x"}}) {
            RouteMatcher.Match m = RouteMatcher.match(req[0], req[1]).orElseThrow();
            assertThrows(dev.gofer.model.GoferException.class, () -> AccessCheck.authorize(caller, m.rule().need(), m.params()),
                    req[0] + " " + req[1]);
        }
        // ids are literal: a pipeline id that looks like a pattern grants nothing more
        Role dotted = Role.forRun(new dev.gofer.model.RunKey("a", "b.c", 1));
        assertFalse(dotted.grantsAll(Action.READ, List.of(Target.namespace("a"), Target.pipeline("bxc"), Target.of("objects"))));
        assertTrue(dotted.grantsAll(Action.READ, List.of(Target.namespace("a"), Target.pipeline("b.c"), Target.of("objects"))));
        // the role as listed (held without a run) grants nothing
        Role listed = Role.SYSTEM.stream().filter(r -> r.id().equals(Role.RUN_TOKEN)).findFirst().orElseThrow();
        assertFalse(listed.grantsAll(Action.READ, List.of(Target.of("objects"))));
    }

    @Test
    void anExtensionsKeyReachesOnlyThatExtensionAndItsObjects() {
        Token token = Token.forExtension("t", "h", 0, "web.hook");
        assertEquals(java.util.Optional.of("web.hook"), token.extension());
        assertEquals("extension:web.hook", token.user());
        Caller caller = new Caller(token, List.of(Role.forExtension("web.hook")), false);
        allowed(caller, "GET", "/api/extensions/web.hook");
        allowed(caller, "GET", "/api/extensions/web.hook/subscriptions");
        allowed(caller, "GET", "/api/extensions/web.hook/logs");
        allowed(caller, "GET", "/api/extensions/web.hook/objects");
        allowed(caller, "POST", "/api/extensions/web.hook/objects/state");
        allowed(caller, "DELETE", "/api/extensions/web.hook/objects/state");
        for (String[] req : new String[][]{
                {"GET", "/api/extensions"},
                {"GET", "/api/extensions/webxhook/objects/state"},
                {"GET", "/api/extensions/cron/objects/state"},
                {"PATCH", "/api/extensions/web.hook"},
                {"DELETE", "/api/extensions/web.hook"},
                {"GET", "/api/namespaces/default/pipelines/p/subscriptions/web.hook/s"},
                {"POST", "/api/namespaces/default/pipelines/p/runs"},
                {"GET", "/api/namespaces/default/pipelines/p/objects/x"},
                {"GET", "/api/namespaces"},
                {"GET", "/api/tokens"},
                {"GET", "/api/events"}}) {
            RouteMatcher.Match m = RouteMatcher.match(req[0], req[1]).orElseThrow();
            assertThrows(dev.gofer.model.GoferException.class, () -> AccessCheck.authorize(caller, m.rule().need(), m.params()),
                    req[0] + " " + req[1]);
        }
        Role listed = Role.SYSTEM.stream().filter(r -> r.id().equals(Role.EXTENSION_TOKEN)).findFirst().orElseThrow();
        assertFalse(listed.grantsAll(Action.READ, List.of(Target.extension("web.hook"), Target.of("objects"))));
    }

    private static void allowed(Caller caller, String method, String path) {
        RouteMatcher.Match m = RouteMatcher.match(method, path).orElseThrow();
        AccessCheck.authorize(caller, m.rule().need(), m.params());
    }

    @Test
    void secretsAreLongRandomAndHashedWithSha256() {
        String a = Secrets.newSecret();
        assertTrue(a.length() >= 32);
        assertFalse(a.equals(Secrets.newSecret()));
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", Secrets.hash("hello"));
    }
}
