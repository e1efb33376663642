package io.cmmigration.simulator;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cmmigration.events.catalogue.ChildSource;
import io.cmmigration.events.catalogue.ObjectTypeCatalogue;
import io.cmmigration.events.catalogue.ObjectTypeSpec;
import io.cmmigration.events.catalogue.ReferenceSource;
import io.cmmigration.simulator.schema.SchemaWriter;
import io.cmmigration.simulator.schema.SiteDatabaseSchema;
import io.cmmigration.simulator.schema.SqlServerDataWriter;
import io.cmmigration.simulator.schema.Table;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQL Server script is written and defines every view and function the catalogue reads. */
class SchemaWriterTest {

    private static final Pattern OBJECT = Pattern.compile("\\b(v_\\w+|vSMS_\\w+|vFolderMembers|fn_\\w+)\\b");

    @Test
    void sqlServerDdlDefinesEveryCatalogueViewAndFunction(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("site.sql");
        SchemaWriter.writeSqlServerDdl(file);
        String ddl = Files.readString(file);
        Set<String> names = new TreeSet<>();
        for (ObjectTypeSpec spec : ObjectTypeCatalogue.all()) {
            if (spec.source() != null) {
                collect(spec.source().sql(), names);
            }
            for (ChildSource c : spec.children()) {
                collect(c.sql(), names);
            }
            for (ReferenceSource r : spec.references()) {
                if (!r.isColumn()) {
                    collect(r.sql(), names);
                }
            }
        }
        assertFalse(names.isEmpty());
        for (String name : names) {
            boolean view = ddl.contains("CREATE VIEW dbo." + name + " AS");
            boolean function = ddl.contains("CREATE FUNCTION dbo." + name + "(@lcid INT)");
            assertTrue(view || function, "SQL Server DDL lacks " + name);
        }
        for (String extra : new String[] {"v_Site", "v_Identification", "v_SiteClientRequestPorts", "v_DistributionPointInfo",
                "v_SystemResourceList", "v_DistributionPoint", "v_PackageStatusDistPointsSumm", "v_BoundarySiteSystems", "v_GlobalCondition"}) {
            assertTrue(ddl.contains("CREATE VIEW dbo." + extra + " AS"), extra);
        }
        for (Table t : SiteDatabaseSchema.tables()) {
            assertTrue(ddl.contains("CREATE TABLE dbo." + t.name() + " ("), t.name());
        }
        assertTrue(ddl.contains("NVARCHAR(255)") && ddl.contains("DATETIME2(0)") && ddl.contains("RETURNS TABLE") && ddl.contains("@lcid"));
        assertFalse(ddl.contains("$1"), "no PostgreSQL parameter syntax");
    }

    @Test
    void dataScriptHasAnInsertForEveryFilledTable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.sql");
        try (java.sql.Connection c = TestHierarchies.currentBranch().connect("CAS")) {
            long rows = SqlServerDataWriter.write(c, file);
            String data = Files.readString(file);
            assertTrue(rows > 500);
            for (Table t : SiteDatabaseSchema.tables()) {
                boolean filled = !TestHierarchies.strings(c, "SELECT 1 FROM " + t.name() + " LIMIT 1").isEmpty();
                assertTrue(!filled || data.contains("INSERT INTO dbo." + t.name() + " ("), t.name());
            }
            assertTrue(data.contains("N'"));
        }
    }

    private static void collect(String sql, Set<String> names) {
        Matcher m = OBJECT.matcher(sql);
        while (m.find()) {
            names.add(m.group(1));
        }
    }
}
