"use client";

import { DndContext, KeyboardSensor, PointerSensor, useDraggable, useSensor, useSensors, type DragEndEvent, type DragMoveEvent, type KeyboardCoordinateGetter } from "@dnd-kit/core";
import { useCallback, useRef, useState, type CSSProperties, type HTMLAttributes, type ReactNode } from "react";

export interface GridBox {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface HandleProps extends HTMLAttributes<HTMLElement> {
  ref: (el: HTMLElement | null) => void;
}

interface GridProps<T extends GridBox> {
  items: T[];
  columns: number;
  rowHeight?: number;
  gap?: number;
  editable: boolean;
  onMove: (id: string, to: { x: number; y: number }) => void;
  onResize: (id: string, to: { w: number; h: number }) => void;
  /** `handle` goes on the element people grab to move the item (also keyboard: space, arrows, space). */
  renderItem: (item: T, handle: HandleProps | null) => ReactNode;
  label: (item: T) => string;
}

type Drag = { id: string; kind: "move" | "resize"; dx: number; dy: number };

/**
 * The one grid primitive (the only user of @dnd-kit): boxes on a column grid, moved by their
 * handle and resized by their corner, with the pointer or the keyboard (one cell per arrow).
 */
export function Grid<T extends GridBox>({ items, columns, rowHeight = 84, gap = 12, editable, onMove, onResize, renderItem, label }: GridProps<T>) {
  const container = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const step = useCallback(() => {
    const width = container.current?.getBoundingClientRect().width ?? 1200;
    return { x: (width + gap) / columns, y: rowHeight + gap };
  }, [columns, gap, rowHeight]);

  const keyboardGetter: KeyboardCoordinateGetter = useCallback(
    (event, { currentCoordinates }) => {
      const s = step();
      const moves: Record<string, [number, number]> = { ArrowRight: [s.x, 0], ArrowLeft: [-s.x, 0], ArrowDown: [0, s.y], ArrowUp: [0, -s.y] };
      const m = moves[event.code];
      if (!m) return undefined;
      event.preventDefault();
      return { x: currentCoordinates.x + m[0], y: currentCoordinates.y + m[1] };
    },
    [step],
  );
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: keyboardGetter }),
  );

  const parse = (id: string | number) => {
    const [kind, ...rest] = String(id).split(":");
    return { kind: kind as Drag["kind"], id: rest.join(":") };
  };
  const onDragMove = (e: DragMoveEvent) => setDrag({ ...parse(e.active.id), dx: e.delta.x, dy: e.delta.y });
  const onDragEnd = (e: DragEndEvent) => {
    setDrag(null);
    const { kind, id } = parse(e.active.id);
    const item = items.find((i) => i.id === id);
    if (!item) return;
    const s = step();
    const dx = Math.round(e.delta.x / s.x);
    const dy = Math.round(e.delta.y / s.y);
    if (dx === 0 && dy === 0) return;
    if (kind === "move") onMove(id, { x: item.x + dx, y: item.y + dy });
    else onResize(id, { w: item.w + dx, h: item.h + dy });
  };

  const rows = items.reduce((m, i) => Math.max(m, i.y + i.h), 0);
  const name = (id: string | number) => label(items.find((i) => i.id === parse(id).id) ?? ({ id } as T));
  return (
    <DndContext
      sensors={sensors}
      onDragMove={onDragMove}
      onDragEnd={onDragEnd}
      onDragCancel={() => setDrag(null)}
      accessibility={{
        screenReaderInstructions: { draggable: "To move or resize, press space, use the arrow keys one cell at a time, press space again to drop or escape to cancel." },
        announcements: {
          onDragStart: ({ active }) => `Picked up ${name(active.id)}.`,
          onDragMove: () => undefined,
          onDragOver: () => undefined,
          onDragEnd: ({ active }) => `Dropped ${name(active.id)}.`,
          onDragCancel: ({ active }) => `Cancelled; ${name(active.id)} is back where it was.`,
        },
      }}
    >
      <div ref={container} className="grid-canvas" style={{ height: Math.max(rows, 1) * (rowHeight + gap) - gap }}>
        {items.map((item) => (
          <GridCell key={item.id} item={item} columns={columns} rowHeight={rowHeight} gap={gap} editable={editable} drag={drag?.id === item.id ? drag : null} label={label(item)}>
            {(handle) => renderItem(item, handle)}
          </GridCell>
        ))}
      </div>
    </DndContext>
  );
}

function GridCell({ item, columns, rowHeight, gap, editable, drag, label, children }: {
  item: GridBox;
  columns: number;
  rowHeight: number;
  gap: number;
  editable: boolean;
  drag: Drag | null;
  label: string;
  children: (handle: HandleProps | null) => ReactNode;
}) {
  const { setNodeRef: attachCell, setActivatorNodeRef: attachHandle, attributes: moveAttributes, listeners: moveListeners } = useDraggable({ id: `move:${item.id}`, disabled: !editable });
  const { setNodeRef: attachResize, attributes: resizeAttributes, listeners: resizeListeners } = useDraggable({ id: `resize:${item.id}`, disabled: !editable });
  const cols = (n: number) => `calc(${n} * (100% + ${gap}px) / ${columns}${n > 0 ? ` - ${gap}px` : ""})`;
  const style: CSSProperties = {
    left: `calc(${item.x} * (100% + ${gap}px) / ${columns})`,
    top: item.y * (rowHeight + gap),
    width: cols(item.w),
    height: item.h * (rowHeight + gap) - gap,
    // Reading order, for narrow screens where the cells stack in one column (globals.css).
    order: item.y * columns + item.x,
  };
  if (drag?.kind === "move") {
    style.transform = `translate(${drag.dx}px, ${drag.dy}px)`;
    style.zIndex = 10;
  } else if (drag?.kind === "resize") {
    style.width = `calc(${cols(item.w)} + ${drag.dx}px)`;
    style.height = Math.max(rowHeight, (style.height as number) + drag.dy);
    style.zIndex = 10;
  }
  const handle: HandleProps | null = editable
    ? { ref: attachHandle, ...moveAttributes, ...moveListeners, "aria-label": `Move ${label}`, title: "Drag to move (or focus and press space, then arrows)" }
    : null;
  return (
    <div ref={attachCell} className={`grid-cell${drag ? " dragging" : ""}`} style={style} data-grid-id={item.id} data-x={item.x} data-y={item.y} data-w={item.w} data-h={item.h}>
      {children(handle)}
      {editable && (
        <button
          type="button"
          ref={attachResize}
          className="grid-resize"
          {...resizeAttributes}
          {...resizeListeners}
          aria-label={`Resize ${label}`}
          title="Drag to resize (or focus and press space, then arrows)"
        />
      )}
    </div>
  );
}
