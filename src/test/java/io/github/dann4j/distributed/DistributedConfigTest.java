package io.github.dann4j.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad distributed settings are one line of IllegalArgumentException, checked before anything native. */
class DistributedConfigTest {
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void readsTorchrunsVariables() {
        DistributedConfig c = DistributedConfig.fromEnvironment(env("RANK", "3", "WORLD_SIZE", "4", "LOCAL_RANK", "1",
                "MASTER_ADDR", "node0", "MASTER_PORT", "40001", "DANN4J_DIST_TIMEOUT", "2.5"));
        assertEquals(3, c.rank());
        assertEquals(4, c.worldSize());
        assertEquals(1, c.localRank());
        assertEquals("node0", c.masterAddress());
        assertEquals(40001, c.masterPort());
        assertEquals(Duration.ofMillis(2500), c.timeout());
        assertEquals(DistributedConfig.DEFAULT_JOIN_TIMEOUT, c.joinTimeout());
        DistributedConfig defaults = DistributedConfig.fromEnvironment(env("RANK", "0", "WORLD_SIZE", "2"));
        assertEquals("127.0.0.1", defaults.masterAddress());
        assertEquals(29500, defaults.masterPort());
        assertTrue(DistributedConfig.requested(env("WORLD_SIZE", "2")));
        assertFalse(DistributedConfig.requested(env("RANK", "0")));
    }

    @Test
    void refusesBadSettingsInOneLine() {
        String[][] cases = {
            {"world size must be in 1..4096, got 0", "RANK", "0", "WORLD_SIZE", "0"},
            {"rank must be in 0..1 for a world of 2, got 2", "RANK", "2", "WORLD_SIZE", "2"},
            {"rank must be in 0..1 for a world of 2, got -1", "RANK", "-1", "WORLD_SIZE", "2"},
            {"master port must be in 1..65535, got 70000", "RANK", "0", "WORLD_SIZE", "2", "MASTER_PORT", "70000"},
            {"master port must be in 1..65535, got 0", "RANK", "0", "WORLD_SIZE", "2", "MASTER_PORT", "0"},
            {"MASTER_PORT must be an integer, got 'http'", "RANK", "0", "WORLD_SIZE", "2", "MASTER_PORT", "http"},
            {"master address must be a host name or IP address, got 'a b'", "RANK", "0", "WORLD_SIZE", "2",
                "MASTER_ADDR", "a b"},
            {"the environment variable RANK is not set", "WORLD_SIZE", "2"},
            {"local rank must be in 0..1", "RANK", "1", "WORLD_SIZE", "2", "LOCAL_RANK", "5"},
            {"DANN4J_DIST_TIMEOUT must be a positive number of seconds", "RANK", "0", "WORLD_SIZE", "2",
                "DANN4J_DIST_TIMEOUT", "-1"},
        };
        for (String[] c : cases) {
            String[] pairs = java.util.Arrays.copyOfRange(c, 1, c.length);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DistributedConfig.fromEnvironment(env(pairs)));
            assertTrue(e.getMessage().contains(c[0]), "'" + c[0] + "' missing from: " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }
}
