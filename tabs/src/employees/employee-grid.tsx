import { Link, Skeleton, SkeletonItem, mergeClasses } from '@fluentui/react-components';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { Column, Employee } from '../api/types';
import { rowHeight, useEmployeesStyles } from './employees.styles';

export interface EmployeeGridProps {
  readonly columns: readonly Column[];
  readonly employees: readonly Employee[];
  readonly hasMore: boolean;
  readonly loadingMore: boolean;
  readonly onLoadMore: () => void;
  readonly selectedId: string | undefined;
  readonly onOpen: (employee: Employee) => void;
}

/** What a row's details button says: the first column's value, or the email. */
export function employeeName(employee: Employee, columns: readonly Column[]): string {
  const first = columns[0];
  const value = first === undefined ? null : employee.fields[first.key];
  return value === null || value === undefined || value === '' ? employee.email : value;
}

/**
 * The directory as an ARIA grid: only the rows in view are in the DOM (100k employees scroll
 * like 100), and the next keyset page is fetched as the end comes into view.
 */
export function EmployeeGrid(props: EmployeeGridProps) {
  const styles = useEmployeesStyles();
  const viewport = useRef<HTMLDivElement>(null);
  const { employees, hasMore, loadingMore, onLoadMore } = props;
  const rowCount = employees.length + (hasMore ? 1 : 0);
  const virtualizer = useVirtualizer({
    count: rowCount,
    getScrollElement: () => viewport.current,
    estimateSize: () => rowHeight,
    overscan: 12,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= employees.length - 1) onLoadMore();
  }, [hasMore, loadingMore, lastIndex, employees.length, onLoadMore]);

  // The resolved email is shown even when no field holds it (the admin removed that field).
  const columns = props.columns.some((column) => column.key === 'email')
    ? props.columns
    : [...props.columns, { key: '@email', label: 'Email' }];
  return (
    <div ref={viewport} className={styles.viewport} tabIndex={-1}>
      <div
        role="grid"
        aria-label="Employees"
        aria-rowcount={hasMore ? -1 : employees.length + 1}
        aria-colcount={columns.length}
        className={styles.grid}
      >
        <div role="row" aria-rowindex={1} className={mergeClasses(styles.row, styles.headerRow)}>
          {columns.map((column, i) => (
            <div key={column.key} role="columnheader" aria-colindex={i + 1} className={styles.cell}>
              {column.label}
            </div>
          ))}
        </div>
        {/* The body's full height, so the scrollbar is true; rows are placed in it by offset. */}
        <div
          role="presentation"
          className={styles.grid}
          style={{ height: virtualizer.getTotalSize() }}
        >
          {items.map((item) => {
            const employee = employees[item.index];
            const rowIndex = item.index + 2;
            if (employee === undefined) {
              return (
                <div
                  key="loading"
                  role="row"
                  aria-rowindex={rowIndex}
                  className={mergeClasses(styles.row, styles.bodyRow)}
                  // Virtualised rows are positioned by the virtualiser's computed offsets.
                  style={{ transform: `translateY(${item.start}px)` }}
                >
                  <div role="gridcell" className={styles.cell}>
                    <Skeleton aria-label="Loading more employees">
                      <SkeletonItem />
                    </Skeleton>
                  </div>
                </div>
              );
            }
            const name = employeeName(employee, props.columns);
            return (
              <div
                key={employee.id}
                role="row"
                aria-rowindex={rowIndex}
                aria-selected={employee.id === props.selectedId}
                className={mergeClasses(
                  styles.row,
                  styles.bodyRow,
                  employee.id === props.selectedId && styles.selectedRow,
                )}
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {columns.map((column, i) => {
                  const value =
                    column.key === '@email' ? employee.email : (employee.fields[column.key] ?? '');
                  return (
                    <div
                      key={column.key}
                      role="gridcell"
                      aria-colindex={i + 1}
                      className={styles.cell}
                    >
                      {i === 0 ? (
                        <Link
                          as="button"
                          className={styles.nameButton}
                          aria-label={`Details of ${name}`}
                          onClick={() => props.onOpen(employee)}
                        >
                          {value === '' ? name : value}
                        </Link>
                      ) : (
                        value
                      )}
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
