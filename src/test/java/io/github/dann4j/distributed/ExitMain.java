package io.github.dann4j.distributed;

/** A worker for {@link LauncherTest}: prints its variables; rank 1 exits with code 3, the others sleep a minute. */
public final class ExitMain {
    private ExitMain() {}

    public static void main(String[] args) throws InterruptedException {
        String rank = System.getenv("RANK");
        System.out.println("hello from " + rank + " of " + System.getenv("WORLD_SIZE") + " local "
                + System.getenv("LOCAL_RANK") + " at " + System.getenv("MASTER_ADDR") + ":" + System.getenv("MASTER_PORT"));
        if (rank.equals("1")) {
            System.exit(3);
        }
        Thread.sleep(60_000);
    }
}
