package dev.future.internal.process.worker;

import dev.future.Actor;
import dev.future.ActorContext;
import dev.future.ActorSelf;
import dev.future.Message;
import dev.future.TaskBody;
import dev.future.TaskContext;
import dev.future.internal.codec.Codecs;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Map;

/**
 * The actor a PROCESS task runs as: on {@code "run"} (data {@code {body, input}}) it constructs the
 * task body, converts the input to the body's input type, runs it, and reports
 * {@code "task:ok"} (the result) or {@code "task:err"} (the exception) with {@code self.send}, then
 * stops. Public only so the worker can construct it; not API.
 */
public final class TaskActor implements Actor {

    public TaskActor() {}

    @Override
    public void handle(ActorSelf self, Message msg, ActorContext ctx) {
        if (!"run".equals(msg.msg())) {
            return;
        }
        try {
            Map<?, ?> data = msg.data(Map.class);
            Class<?> type = Class.forName(String.valueOf(data.get("body")), true, ClassLoader.getSystemClassLoader());
            @SuppressWarnings("unchecked")
            TaskBody<Object, Object> body = (TaskBody<Object, Object>) type.asSubclass(TaskBody.class)
                    .getConstructor().newInstance();
            Object input = data.get("input");
            Type in = typeArgument(type, 0);
            if (in != null && input != null && !(in instanceof Class<?> c && c.isInstance(input))) {
                input = Codecs.cbor().convertValue(input, Codecs.cbor().constructType(in));
            }
            Object result = body.run(input, new TaskContext() {
                @Override
                public boolean isCancelled() {
                    return ctx.isCancelled();
                }

                @Override
                public void heartbeat() {
                    ctx.heartbeat();
                }
            });
            self.send("task:ok", result);
        } catch (Throwable t) {
            Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ite && ite.getCause() != null
                    ? ite.getCause() : t;
            self.send("task:err", cause.toString());
        } finally {
            ctx.terminate();
        }
    }

    /** The {@code index}th type argument of {@code TaskBody} as {@code type} implements it, or null. */
    public static Type typeArgument(Class<?> type, int index) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType() == TaskBody.class) {
                    Type arg = p.getActualTypeArguments()[index];
                    return arg instanceof Class<?> || arg instanceof ParameterizedType ? arg : null;
                }
            }
        }
        return null;
    }
}
