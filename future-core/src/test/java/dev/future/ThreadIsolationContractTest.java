package dev.future;

/** The isolation contract for THREAD actors. */
class ThreadIsolationContractTest extends IsolationContract {
    @Override
    protected Isolation isolation() {
        return Isolation.THREAD;
    }
}
