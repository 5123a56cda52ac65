package dev.sluice.api.analysis;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A template argument: a literal {@code value} or {@code valueFrom.secretKeyRef}, read by analysis-svc only. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Argument {
    public String name;
    public String value;
    public ValueFrom valueFrom;

    public Argument() {
    }

    public Argument(String name, String value, ValueFrom valueFrom) {
        this.name = name;
        this.value = value;
        this.valueFrom = valueFrom;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class ValueFrom {
        public SecretKeyRef secretKeyRef;
        /** A field of the Rollout: {@code metadata.name}, {@code metadata.labels['k']}, {@code metadata.annotations['k']}. */
        public FieldRef fieldRef;
        /** {@code Stable} or {@code Latest}: that revision's pod-template hash. */
        public String podTemplateHashValue;

        public ValueFrom() {
        }

        public ValueFrom(SecretKeyRef secretKeyRef) {
            this.secretKeyRef = secretKeyRef;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class FieldRef {
        public String fieldPath;

        public FieldRef() {
        }

        public FieldRef(String fieldPath) {
            this.fieldPath = fieldPath;
        }
    }

    public static class SecretKeyRef {
        public String name;
        public String key;

        public SecretKeyRef() {
        }

        public SecretKeyRef(String name, String key) {
            this.name = name;
            this.key = key;
        }
    }
}
