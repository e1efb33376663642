package io.cmmigration.events;

import io.cmmigration.events.catalogue.ObjectType;

/** A reference from one source object to another, as the object-type catalogue defines it. */
public record ObjectReference(String name, ObjectType targetType, String targetSiteCode, String targetId, boolean required) {

    /** Catalogue key of the target within the same hierarchy: {@code siteCode/objectType/sourceId}. */
    public String targetKey() {
        return targetSiteCode + "/" + targetType + "/" + targetId;
    }
}
