package io.github.dann4j.cli;

import io.github.dann4j.distributed.DistributedConfig;
import io.github.dann4j.distributed.LaunchOptions;
import io.github.dann4j.distributed.Launcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * train's data-parallel options: {@code --nproc-per-node N} makes this process a launcher of N
 * workers ({@link Launcher}: torchrun's variables, output prefixed with the rank), each running
 * the same train command without the launcher's options; a worker (torchrun's {@code WORLD_SIZE}
 * in its environment) trains as its rank ({@link DistributedConfig#fromEnvironment}).
 */
final class DistributedOptions {
    /** The options that only the launcher reads; every other argument goes to the workers unchanged. */
    private static final Set<String> LAUNCHER_ONLY = Set.of("--nproc-per-node", "--nnodes", "--node-rank",
            "--master-addr", "--master-port");

    @Option(names = "--nproc-per-node", description = "Start N worker processes on this machine and train"
            + " data-parallel over them (torchrun's option; with one thread each unless --threads says otherwise).")
    Integer nprocPerNode;
    @Option(names = "--nnodes", defaultValue = "1", description = "Machines taking part (default: ${DEFAULT-VALUE}).")
    int nnodes;
    @Option(names = "--node-rank", defaultValue = "0", description = "This machine's index, 0..nnodes-1 (default: ${DEFAULT-VALUE}).")
    int nodeRank;
    @Option(names = "--master-addr", defaultValue = "127.0.0.1", description = "Address of node 0, where rank 0 hosts"
            + " the rendezvous store (default: ${DEFAULT-VALUE}).")
    String masterAddress;
    @Option(names = "--master-port", defaultValue = "29500", description = "Port of the rendezvous store (default: ${DEFAULT-VALUE}).")
    int masterPort;
    @Option(names = "--dist-timeout", description = "Seconds a collective may wait for the other ranks before the run"
            + " stops with an error naming the rank at fault (default: 60; a rank that dies is noticed at once).")
    Double timeoutSeconds;

    boolean launching() {
        return nprocPerNode != null;
    }

    /** Starts the workers and waits for them; their exit status becomes this process's. */
    int launch(CommandLine commandLine) throws Exception {
        LaunchOptions options;
        try {
            options = new LaunchOptions(nprocPerNode, nnodes, nodeRank, masterAddress, masterPort,
                    timeout().plusSeconds(10));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
        // the whole command line as given ("train" and any options before it), less the launcher's options
        List<String> args = workerArguments(commandLine.getParseResult().originalArgs());
        return Launcher.run(Launcher.javaCommand(Main.class.getName(), args), options, commandLine.getOut());
    }

    /** {@code original} without the launcher's options and their values ({@code --opt V} or {@code --opt=V}). */
    static List<String> workerArguments(List<String> original) {
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < original.size(); i++) {
            String arg = original.get(i);
            int equals = arg.indexOf('=');
            String name = equals < 0 ? arg : arg.substring(0, equals);
            if (LAUNCHER_ONLY.contains(name)) {
                if (equals < 0) {
                    i++; // its value
                }
                continue;
            }
            kept.add(arg);
        }
        return kept;
    }

    /** This worker's place in a data-parallel run, from torchrun's variables; null when none are set. */
    DistributedConfig worker(CommandLine commandLine) {
        if (!DistributedConfig.requested(System.getenv())) {
            return null;
        }
        try {
            DistributedConfig config = DistributedConfig.fromEnvironment(System.getenv());
            return timeoutSeconds == null ? config : config.withTimeouts(timeout(), config.joinTimeout());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    private Duration timeout() {
        if (timeoutSeconds == null) {
            return DistributedConfig.DEFAULT_TIMEOUT;
        }
        if (!(timeoutSeconds > 0) || timeoutSeconds > 86400) {
            throw new IllegalArgumentException("--dist-timeout must be a positive number of seconds (at most a day), got "
                    + timeoutSeconds);
        }
        return Duration.ofMillis(Math.max(1, Math.round(timeoutSeconds * 1000)));
    }
}
