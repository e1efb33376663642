package io.cmmigration.deploy.kustomize;

/** A kustomization this renderer cannot (or must not) render. */
public class KustomizeException extends RuntimeException {
    public KustomizeException(String message) {
        super(message);
    }
}
