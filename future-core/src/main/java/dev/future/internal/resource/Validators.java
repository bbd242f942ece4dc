package dev.future.internal.resource;

import jakarta.validation.MessageInterpolator;
import jakarta.validation.Validation;
import jakarta.validation.ValidationException;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.executable.ExecutableValidator;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.HibernateValidatorConfiguration;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.hibernate.validator.messageinterpolation.ResourceBundleMessageInterpolator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Hibernate Validator of the JVM, built on first use and shared by every registry: building a
 * factory costs tens of milliseconds and its per-class metadata cache is worth keeping across
 * supervisors. {@link Validator} and {@link ExecutableValidator} are thread-safe.
 *
 * <h2>Message interpolation: Jakarta EL when present</h2>
 * We use the standard {@link ResourceBundleMessageInterpolator} over Jakarta Expression Language
 * (org.glassfish.expressly, a runtime dependency) because several built-in messages are EL templates:
 * {@code @DecimalMax} reads "must be less than ${inclusive == true ? 'or equal to ' : ''}{value}", which
 * {@link ParameterMessageInterpolator} would leave half-rendered. EL's usual risk, injection through
 * a message template built from user input in a custom validator, is closed by Hibernate Validator's
 * default since 6.2: EL is limited to bean properties in constraint messages and disabled in custom
 * violations ({@code ExpressionLanguageFeatureLevel}). When EL cannot be loaded (a module path that does not
 * resolve {@code jakarta.el}), we fall back to the parameter-only interpolator rather than fail: {@code {min}}
 * and {@code {max}} still render, only EL conditionals do not.
 */
final class Validators {

    private static final Logger LOG = LoggerFactory.getLogger(Validators.class);

    private Validators() {}

    private static final class Holder {
        static final Validator VALIDATOR = build().getValidator();
        static final ExecutableValidator EXECUTABLES = VALIDATOR.forExecutables();
    }

    static Validator validator() {
        return Holder.VALIDATOR;
    }

    static ExecutableValidator executables() {
        return Holder.EXECUTABLES;
    }

    @SuppressWarnings("resource") // lives as long as the JVM, like the validator it makes
    private static ValidatorFactory build() {
        HibernateValidatorConfiguration config = Validation.byProvider(HibernateValidator.class).configure();
        config.messageInterpolator(interpolator());
        return config.buildValidatorFactory();
    }

    private static MessageInterpolator interpolator() {
        try {
            return new ResourceBundleMessageInterpolator();
        } catch (ValidationException | LinkageError noExpressionLanguage) {
            LOG.info("Jakarta EL is not available ({}); validation messages use parameter-only interpolation",
                    noExpressionLanguage.toString());
            return new ParameterMessageInterpolator();
        }
    }
}
