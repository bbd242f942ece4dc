package dev.future.resources;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * An example resource with a validated input and a validated output: a calculator with a twelve-digit
 * display. An answer that does not fit the display (an overflow, or a division by zero giving infinity)
 * is an invalid result, refused by the proxy before it reaches the actor.
 */
@FunctionalInterface
public interface Calculator {

    String DISPLAY_MAX = "999999999999";
    String DISPLAY_MIN = "-999999999999";

    /** {@code a op b}, with {@code op} one of {@code + - * /}. */
    record Expr(@NotNull Double a, @NotNull @Pattern(regexp = "[+\\-*/]") String op, @NotNull Double b) {}

    /** The value shown and the expression that gave it. */
    record Answer(@NotNull @DecimalMin(DISPLAY_MIN) @DecimalMax(DISPLAY_MAX) Double value, @NotBlank String shown) {}

    @Valid @NotNull Answer compute(@Valid @NotNull Expr e);

    /** The plain implementation: no checks of its own, it trusts the proxy. */
    static Answer evaluate(Expr e) {
        double v = switch (e.op()) {
            case "+" -> e.a() + e.b();
            case "-" -> e.a() - e.b();
            case "*" -> e.a() * e.b();
            case "/" -> e.a() / e.b();
            default -> throw new IllegalArgumentException("unknown operator: op=" + e.op());
        };
        return new Answer(v, e.a() + " " + e.op() + " " + e.b() + " = " + v);
    }
}
