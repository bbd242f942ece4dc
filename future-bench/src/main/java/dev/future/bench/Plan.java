package dev.future.bench;

/**
 * How much work each scenario does. {@link #FULL} is what {@code ./future bench} runs (about five
 * minutes on two cores, both sides and the baselines); {@link #QUICK} is for trying the harness out.
 */
record Plan(
        int memoryActors,
        int spawnActors,
        int tellPairs,
        int tellBatch,
        int tellMessagesPerPair,
        int tellWarmups,
        int tellRounds,
        int pingWarmups,
        int pingRounds,
        int killSamples,
        int blockedKillSamples,
        int pekkoBlockMillis,
        int restartWarmups,
        int restartSamples,
        int handoffSmallSamples,
        int handoffLargeSamples,
        int processSamples) {

    static final Plan FULL = new Plan(1_000_000, 200_000, 256, 50, 20_000, 20, 10, 20_000, 100_000,
            200, 10, 200, 500, 3_000, 200, 40, 10);

    static final Plan QUICK = new Plan(100_000, 20_000, 256, 50, 2_000, 1, 2, 2_000, 10_000,
            20, 3, 100, 50, 200, 20, 5, 3);

    static final int SMALL_HANDOFF = 1 << 20;
    static final int LARGE_HANDOFF = 16 << 20;
}
