package dev.gofer.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
        assertEquals("/api/tokens/whoami", RouteTable.match("GET", "/api/tokens/whoami").orElseThrow().rule().path());
        RouteTable.Match m = RouteTable.match("GET", "/api/namespaces/team-a/pipelines/p1/runs/3").orElseThrow();
        assertEquals(Map.of("namespace_id", "team-a", "pipeline_id", "p1", "run_id", "3"), m.params());
        assertTrue(RouteTable.match("PUT", "/api/namespaces").isEmpty());
        assertTrue(RouteTable.match("GET", "/api/nothing/here").isEmpty());
    }

    @Test
    void secretsAreLongRandomAndHashedWithSha256() {
        String a = Secrets.newSecret();
        assertTrue(a.length() >= 32);
        assertFalse(a.equals(Secrets.newSecret()));
        assertEquals("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", Secrets.hash("hello"));
    }
}
