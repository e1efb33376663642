package io.cmmigration.job.support;

import java.sql.Types;
import org.hibernate.boot.model.TypeContributions;
import org.hibernate.boot.model.TypeContributor;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.descriptor.jdbc.LongVarcharJdbcType;

/**
 * Binds {@code @Lob String} attributes (the shared outbox's payload) as plain text. Hibernate 6 otherwise writes them on
 * PostgreSQL through the large-object API: several round trips per row (it made the outbox the bottleneck of every job)
 * and a stringified object id in a text column, which vacuumlo would destroy. The columns are NCLOB in the changelog
 * (text on PostgreSQL, nvarchar(max) on SQL Server), which both drivers read and write as strings.
 */
public class TextClobTypes implements TypeContributor {

    @Override
    public void contribute(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        var registry = typeContributions.getTypeConfiguration().getJdbcTypeRegistry();
        registry.addDescriptor(Types.CLOB, LongVarcharJdbcType.INSTANCE);
        registry.addDescriptor(Types.NCLOB, LongVarcharJdbcType.INSTANCE);
    }
}
