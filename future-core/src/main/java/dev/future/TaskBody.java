package dev.future;

/**
 * The class form of a task (a public class with a public no-arg constructor), required for PROCESS
 * tasks, whose body runs in a worker JVM.
 *
 * @param <I> the input
 * @param <T> the result
 */
@FunctionalInterface
public interface TaskBody<I, T> {

    /** Computes the result; an exception fails the task. */
    T run(I input, TaskContext ctx) throws Exception;
}
