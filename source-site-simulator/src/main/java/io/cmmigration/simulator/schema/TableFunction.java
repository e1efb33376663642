package io.cmmigration.simulator.schema;

import java.util.List;

/**
 * A set-returning function such as {@code fn_ListApplicationCIs(lcid)}. {@code select} is portable SQL in which the
 * parameter is written {@code :lcid}; PostgreSQL gets a {@code LANGUAGE sql RETURNS TABLE} function, SQL Server an
 * inline table-valued function, so {@code SELECT * FROM fn_ListApplicationCIs(1033)} works on both.
 */
public record TableFunction(String name, String parameter, List<Column> returns, String select) {

    public String selectWithParameter(String parameterReference) {
        return select.replace(":" + parameter, parameterReference);
    }
}
