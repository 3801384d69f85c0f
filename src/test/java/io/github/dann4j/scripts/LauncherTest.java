package io.github.dann4j.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dann4j} launcher keeps the flavour that was built: it runs the jar of the flavour built
 * last unless DANN4J_FLAVOR says which, and builds a flavour into its own folder, never over the
 * other. Runs a copy of the launcher in a scratch tree with stand-ins for {@code java} and
 * {@code mvn} that record their arguments.
 */
class LauncherTest {
    private static final String FAKE_JAVA = "#!/usr/bin/env bash\necho \"java $*\"\n";
    /** Stands in for mvn package: writes the jar of the profile's build folder. */
    private static final String FAKE_MVN = String.join("\n", "#!/usr/bin/env bash",
            "echo \"mvn $*\" >> \"$MVN_LOG\"",
            "dir=target; [[ \" $* \" == *' -Pcuda '* ]] && dir=target-cuda",
            "mkdir -p \"$dir\" && echo built > \"$dir/dann4j.jar\"", "");

    @Test
    void theFlavourBuiltLastIsKept(@TempDir Path dir) throws Exception {
        Path root = tree(dir);
        jar(root, "target", 1_000);
        assertEquals("java -jar " + root.resolve("target/dann4j.jar") + " info", launch(root, Map.of()).out().strip());
        jar(root, "target-cuda", 2_000);
        assertEquals("java -jar " + root.resolve("target-cuda/dann4j.jar") + " info", launch(root, Map.of()).out().strip());
        jar(root, "target", 3_000);
        assertEquals("java -jar " + root.resolve("target/dann4j.jar") + " info", launch(root, Map.of()).out().strip());
        ScriptRun chosen = launch(root, Map.of("DANN4J_FLAVOR", "cuda"));
        assertEquals("java -jar " + root.resolve("target-cuda/dann4j.jar") + " info", chosen.out().strip());
        assertFalse(Files.exists(root.resolve("mvn.log")), "nothing was out of date, yet mvn ran");
    }

    @Test
    void eachFlavourIsBuiltIntoItsOwnFolder(@TempDir Path dir) throws Exception {
        Path root = tree(dir);
        jar(root, "target", 1_000);
        ScriptRun cuda = launch(root, Map.of("DANN4J_FLAVOR", "cuda"));
        assertEquals(0, cuda.exit(), cuda.err());
        assertTrue(cuda.err().startsWith("dann4j: building the cuda flavour into target-cuda/"), cuda.err());
        List<String> builds = Files.readAllLines(root.resolve("mvn.log"));
        assertEquals(1, builds.size(), builds.toString());
        assertTrue(builds.get(0).contains(" -Pcuda ") && builds.get(0).contains(" package"), builds.get(0));
        assertEquals("java -jar " + root.resolve("target-cuda/dann4j.jar") + " info", cuda.out().strip());
        assertEquals(FileTime.fromMillis(1_000_000), Files.getLastModifiedTime(root.resolve("target/dann4j.jar")),
                "the CPU build was touched");
        // a source change since: the flavour kept (cuda, built last) is the one rebuilt
        Files.setLastModifiedTime(root.resolve("target-cuda/dann4j.jar"), FileTime.fromMillis(2_000_000));
        Files.writeString(root.resolve("src/main/Changed.java"), "//");
        ScriptRun again = launch(root, Map.of());
        assertTrue(again.err().startsWith("dann4j: building the cuda flavour"), again.err());
    }

    @Test
    void anUnknownFlavourIsOneLineAndExitTwo(@TempDir Path dir) throws Exception {
        ScriptRun run = launch(tree(dir), Map.of("DANN4J_FLAVOR", "gpu"));
        assertEquals(2, run.exit());
        assertEquals(List.of("dann4j: DANN4J_FLAVOR must be cpu or cuda, not 'gpu'"), run.errLines());
        assertEquals("", run.out());
    }

    /** A scratch copy of the launcher with the source folders it watches, all dated long ago. */
    private static Path tree(Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("repo"));
        Files.copy(Path.of("dann4j"), root.resolve("dann4j"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        for (String folder : new String[] {"src/main", "native", "cmake"}) {
            Files.createDirectories(root.resolve(folder));
        }
        for (String path : new String[] {"pom.xml", "src/main", "native", "cmake"}) {
            Files.setLastModifiedTime(root.resolve(path), FileTime.fromMillis(100_000));
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(bin.resolve("java"), FAKE_JAVA);
        Files.writeString(bin.resolve("mvn"), FAKE_MVN);
        bin.resolve("java").toFile().setExecutable(true);
        bin.resolve("mvn").toFile().setExecutable(true);
        return root;
    }

    private static void jar(Path root, String folder, long seconds) throws Exception {
        Path jar = Files.createDirectories(root.resolve(folder)).resolve("dann4j.jar");
        Files.writeString(jar, "jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(seconds * 1_000));
    }

    private static ScriptRun launch(Path root, Map<String, String> environment) throws Exception {
        Map<String, String> variables = new java.util.HashMap<>(environment);
        variables.put("PATH", root.getParent().resolve("bin") + ":" + System.getenv("PATH"));
        variables.put("MVN_LOG", root.resolve("mvn.log").toString());
        variables.putIfAbsent("DANN4J_FLAVOR", "");
        return ScriptRun.of(root, variables, root.resolve("dann4j"), "info");
    }
}
