"use client";

import { DndContext, KeyboardSensor, PointerSensor, useDraggable, useSensor, useSensors, type DragEndEvent, type DragMoveEvent, type DragStartEvent, type KeyboardCoordinateGetter } from "@dnd-kit/core";
import { useCallback, useMemo, useRef, useState, type CSSProperties, type HTMLAttributes, type ReactNode } from "react";
import { moveBox, resizeBox } from "@/lib/dashboards/layout";

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

/** A drag under way: pixels moved (dx, dy) and the whole cells they stand for (cx, cy). */
type Drag = { id: string; kind: "move" | "resize"; dx: number; dy: number; cx: number; cy: number };

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
  /** A pointer or keyboard delta (in pixels) in whole cells. */
  const cells = (delta: { x: number; y: number }) => {
    const s = step();
    return { cx: Math.round(delta.x / s.x), cy: Math.round(delta.y / s.y) };
  };
  // Picked up (pointer or space): the cell shows it at once, before the first move.
  const onDragStart = (e: DragStartEvent) => setDrag({ ...parse(e.active.id), dx: 0, dy: 0, cx: 0, cy: 0 });
  const onDragMove = (e: DragMoveEvent) => setDrag({ ...parse(e.active.id), dx: e.delta.x, dy: e.delta.y, ...cells(e.delta) });
  const onDragEnd = (e: DragEndEvent) => {
    setDrag(null);
    const { kind, id } = parse(e.active.id);
    const item = items.find((i) => i.id === id);
    const { cx, cy } = cells(e.delta);
    if (!item || (cx === 0 && cy === 0)) return;
    if (kind === "move") onMove(id, { x: item.x + cx, y: item.y + cy });
    else onResize(id, { w: item.w + cx, h: item.h + cy });
  };

  // Live preview: the layout the drop would produce (the same functions the drop goes through),
  // so the other boxes make room and close up while the dragged one follows the pointer.
  const preview = useMemo(() => {
    const item = drag && items.find((i) => i.id === drag.id);
    if (!item || (drag.cx === 0 && drag.cy === 0)) return null;
    const next = drag.kind === "move"
      ? moveBox(items, item.id, { x: item.x + drag.cx, y: item.y + drag.cy })
      : resizeBox(items, item.id, { w: item.w + drag.cx, h: item.h + drag.cy });
    return new Map(next.map((b) => [b.id, b]));
  }, [drag, items]);

  const rows = [...items, ...(preview?.values() ?? [])].reduce((m, i) => Math.max(m, i.y + i.h), 0);
  const name = (id: string | number) => label(items.find((i) => i.id === parse(id).id) ?? ({ id } as T));
  return (
    <DndContext
      sensors={sensors}
      onDragStart={onDragStart}
      onDragMove={onDragMove}
      // The grid never scrolls sideways; only the page scrolls, up and down.
      autoScroll={{ threshold: { x: 0, y: 0.2 } }}
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
          <GridCell key={item.id} item={item} shown={drag?.id === item.id ? item : preview?.get(item.id) ?? item} columns={columns} rowHeight={rowHeight} gap={gap} editable={editable} drag={drag?.id === item.id ? drag : null} label={label(item)}>
            {(handle) => renderItem(item, handle)}
          </GridCell>
        ))}
        {drag && preview?.get(drag.id) && <div className="grid-landing" aria-hidden="true" data-testid="grid-landing" style={placement(preview.get(drag.id)!, columns, rowHeight, gap)} />}
      </div>
    </DndContext>
  );
}

/** Where a box sits on the canvas: absolute position and size from its cells. */
function placement(box: GridBox, columns: number, rowHeight: number, gap: number): CSSProperties {
  const cols = (n: number) => `calc(${n} * (100% + ${gap}px) / ${columns}${n > 0 ? ` - ${gap}px` : ""})`;
  return {
    left: `calc(${box.x} * (100% + ${gap}px) / ${columns})`,
    top: box.y * (rowHeight + gap),
    width: cols(box.w),
    height: box.h * (rowHeight + gap) - gap,
  };
}

function GridCell({ item, shown, columns, rowHeight, gap, editable, drag, label, children }: {
  item: GridBox;
  /** Where to draw it now: `item` itself, or its place in the live preview of a drag. */
  shown: GridBox;
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
  const style: CSSProperties = {
    ...placement(shown, columns, rowHeight, gap),
    // Reading order, for narrow screens where the cells stack in one column (globals.css).
    order: item.y * columns + item.x,
  };
  if (drag?.kind === "move") {
    style.transform = `translate(${drag.dx}px, ${drag.dy}px)`;
    style.zIndex = 10;
  }
  let corner: CSSProperties | undefined;
  if (drag?.kind === "resize") {
    const height = style.height as number;
    style.width = `calc(${style.width} + ${drag.dx}px)`;
    style.height = Math.max(rowHeight, height + drag.dy);
    style.zIndex = 10;
    // The corner follows the pointer by transform only: dnd-kit measures it without transforms,
    // and if its laid-out place moved with the growing cell, dnd-kit would take that shift off
    // the drag and the size would jitter (arrow presses went missing).
    const grow = { x: drag.dx, y: style.height - height };
    corner = { right: 2 + grow.x, bottom: 2 + grow.y, transform: `translate(${grow.x}px, ${grow.y}px)` };
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
          style={corner}
          {...resizeAttributes}
          {...resizeListeners}
          aria-label={`Resize ${label}`}
          title="Drag to resize (or focus and press space, then arrows)"
        />
      )}
    </div>
  );
}
