import type { FlowKind, FlowStep, StepId } from "@/lib/flow/types";

// A figure in the spirit of the Kubernetes storage docs: the people, the cluster objects, the
// node and the storage backend, coloured by the state of the steps each one takes part in.

type State = "done" | "current" | "stalled" | "pending";

const STYLE: Record<State, { box: string; text: string }> = {
  done: { box: "fill-emerald-50 stroke-emerald-500", text: "fill-emerald-900" },
  current: { box: "fill-indigo-50 stroke-indigo-500", text: "fill-indigo-900" },
  stalled: { box: "fill-rose-50 stroke-rose-500", text: "fill-rose-900" },
  pending: { box: "fill-white stroke-slate-300", text: "fill-slate-500" },
};

function stateOf(steps: FlowStep[], ids: StepId[]): State {
  const mine = steps.filter((s) => ids.includes(s.id));
  if (mine.some((s) => s.status === "stalled")) return "stalled";
  if (mine.some((s) => s.status === "current")) return "current";
  if (mine.some((s) => s.status === "done"))
    return mine.every((s) => s.status === "done" || s.status === "skipped") ? "done" : "current";
  return "pending";
}

function Box({
  x,
  y,
  w,
  h,
  title,
  sub,
  state,
  testid,
}: {
  x: number;
  y: number;
  w: number;
  h: number;
  title: string;
  sub?: string;
  state: State;
  testid: string;
}) {
  const s = STYLE[state];
  return (
    <g data-testid={`diagram-${testid}`} data-state={state}>
      <rect
        x={x}
        y={y}
        width={w}
        height={h}
        rx={8}
        strokeWidth={state === "current" || state === "stalled" ? 3 : 1.5}
        className={s.box}
      />
      <text
        x={x + w / 2}
        y={y + (sub ? h / 2 - 4 : h / 2 + 4)}
        textAnchor="middle"
        className={`${s.text} text-[12px] font-semibold`}
      >
        {title}
      </text>
      {sub ? (
        <text
          x={x + w / 2}
          y={y + h / 2 + 12}
          textAnchor="middle"
          className={`${s.text} text-[10px]`}
        >
          {sub.length > 26 ? `${sub.slice(0, 25)}…` : sub}
        </text>
      ) : null}
    </g>
  );
}

function Arrow({
  d,
  label,
  lx,
  ly,
  state,
}: {
  d: string;
  label: string;
  lx: number;
  ly: number;
  state: State;
}) {
  const colour =
    state === "pending"
      ? "stroke-slate-300"
      : state === "stalled"
        ? "stroke-rose-500"
        : state === "current"
          ? "stroke-indigo-500"
          : "stroke-emerald-500";
  return (
    <g>
      <path
        d={d}
        fill="none"
        strokeWidth={1.5}
        markerEnd="url(#arrow)"
        className={colour}
        strokeDasharray={state === "pending" ? "4 3" : undefined}
      />
      <text x={lx} y={ly} textAnchor="middle" className="fill-slate-500 text-[10px]">
        {label}
      </text>
    </g>
  );
}

export interface DiagramLabels {
  developer: string;
  claim: string;
  volume?: string | undefined;
  storageClass?: string | undefined;
  pod?: string | undefined;
  node?: string | undefined;
  backend?: string | undefined;
}

export function FlowDiagram({
  kind,
  steps,
  labels,
}: {
  kind: FlowKind;
  steps: FlowStep[];
  labels: DiagramLabels;
}) {
  const st = (ids: StepId[]) => stateOf(steps, ids);
  const dynamic = kind === "dynamic";
  return (
    <figure className="overflow-x-auto rounded-lg bg-white p-2 ring-1 ring-slate-200">
      <svg
        viewBox="0 0 780 300"
        role="img"
        aria-label={`How ${labels.claim} gets its storage`}
        className="min-w-[640px]"
      >
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" className="fill-slate-400" />
          </marker>
        </defs>
        <text x={70} y={22} textAnchor="middle" className="fill-slate-400 text-[10px] uppercase">
          People
        </text>
        <Box
          x={10}
          y={40}
          w={120}
          h={48}
          title={labels.developer}
          sub="developer"
          state={st(["claim-created"])}
          testid="developer"
        />
        <Box
          x={10}
          y={200}
          w={120}
          h={48}
          title="Cluster admin"
          sub={dynamic ? "defines the class" : "creates the volume"}
          state={dynamic ? (labels.storageClass ? "done" : "pending") : st(["pv-available"])}
          testid="admin"
        />
        <rect
          x={150}
          y={10}
          width={460}
          height={280}
          rx={12}
          className="fill-slate-50 stroke-slate-300"
          strokeDasharray="6 4"
        />
        <text x={165} y={28} className="fill-slate-400 text-[10px] uppercase">
          Cluster
        </text>
        <Box
          x={175}
          y={40}
          w={130}
          h={48}
          title="PVC"
          sub={labels.claim}
          state={st(["claim-created", "waiting-for-consumer", "bound"])}
          testid="pvc"
        />
        <Box
          x={175}
          y={200}
          w={130}
          h={48}
          title="StorageClass"
          sub={dynamic ? (labels.storageClass ?? "(none)") : "not used"}
          state={dynamic ? st(["provisioning-requested"]) : "pending"}
          testid="storageclass"
        />
        <Box
          x={330}
          y={120}
          w={120}
          h={48}
          title="PV"
          sub={labels.volume ?? "not yet"}
          state={st(["pv-available", "pv-created", "bound"])}
          testid="pv"
        />
        <g>
          <rect
            x={470}
            y={40}
            width={130}
            height={140}
            rx={10}
            className="fill-white stroke-slate-300"
          />
          <text x={535} y={56} textAnchor="middle" className="fill-slate-500 text-[10px]">
            {labels.node ?? "node"}
          </text>
        </g>
        <Box
          x={482}
          y={66}
          w={106}
          h={44}
          title="Pod"
          sub={labels.pod ?? "none yet"}
          state={st(["pod-scheduled", "container-running"])}
          testid="pod"
        />
        <Box
          x={482}
          y={122}
          w={106}
          h={44}
          title="volume dir"
          sub="mounted in pod"
          state={st(["volume-attached", "volume-mounted"])}
          testid="mount"
        />
        <Box
          x={640}
          y={120}
          w={130}
          h={48}
          title="Storage backend"
          sub={labels.backend ?? "hostPath on node"}
          state={st(["pv-created", "pv-available"])}
          testid="backend"
        />
        <Arrow
          d="M130,64 L173,64"
          label="requests"
          lx={152}
          ly={58}
          state={st(["claim-created"])}
        />
        <Arrow
          d="M305,76 C330,90 360,100 375,118"
          label="bound"
          lx={352}
          ly={92}
          state={st(["bound"])}
        />
        {dynamic ? (
          <Arrow
            d="M305,220 C340,210 370,190 382,170"
            label="provisions"
            lx={360}
            ly={214}
            state={st(["provisioning-requested", "pv-created"])}
          />
        ) : (
          <Arrow
            d="M130,224 C220,280 360,240 385,170"
            label="creates"
            lx={250}
            ly={266}
            state={st(["pv-available"])}
          />
        )}
        <Arrow d="M482,86 L307,66" label="uses" lx={400} ly={70} state={st(["pod-scheduled"])} />
        <Arrow d="M450,148 L480,146" label="" lx={0} ly={0} state={st(["volume-mounted"])} />
        <Arrow
          d="M452,144 C540,210 620,190 640,150"
          label="data on"
          lx={560}
          ly={210}
          state={st(["pv-created", "pv-available"])}
        />
      </svg>
      <figcaption className="px-2 pb-1 text-xs text-slate-500">
        {dynamic
          ? "Dynamic provisioning: the class's provisioner creates the volume for the claim."
          : "Manual (static) binding: the claim is matched to a volume the cluster admin created."}{" "}
        Green: done · blue: in progress · red: stalled.
      </figcaption>
    </figure>
  );
}
