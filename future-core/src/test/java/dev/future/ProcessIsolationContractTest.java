package dev.future;

/** The isolation contract for PROCESS actors (each in a worker JVM). */
class ProcessIsolationContractTest extends IsolationContract {
    @Override
    protected Isolation isolation() {
        return Isolation.PROCESS;
    }
}
