package dev.future;

/** Where a task is. */
public enum TaskState { RUNNING, SUCCEEDED, FAILED, CANCELLED, TIMED_OUT }
