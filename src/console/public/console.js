var Ce=class extends String{__apiType;value;__meta__;constructor(t,l){super(t),this.value=t,this.__meta__=l}toString(){return this.value}},Mc=new Ce(`
    fragment ConsoleMetricSeries on MetricSeries {
  namespace
  metricName
  label
  stat
  period
  unit
  status
  from
  to
  points {
    timestamp
    value
  }
}
    `,{fragmentName:"ConsoleMetricSeries"}),Lc=new Ce(`
    fragment DashboardService on Service {
  name
  resourceType
  repo
  metrics(range: $range) {
    namespace
    metricName
    stat
    period
    unit
    status
    dimensions {
      name
      value
    }
    points {
      timestamp
      value
    }
  }
  traces(range: $range, filter: { fault: true }, limit: 5) {
    truncated
    traces {
      id
      startTime
      durationMs
      responseTimeMs
      hasFault
      http {
        method
        url
        status
      }
      spans {
        id
        parentId
        name
      }
    }
  }
}
    `,{fragmentName:"DashboardService"}),Ac=new Ce(`
    fragment DashboardLogs on LogQueryResult {
  status
  truncated
  logGroups
  statistics {
    recordsMatched
    bytesScanned
  }
  events {
    timestamp
    level
    message
    logStream
    traceId
  }
}
    `,{fragmentName:"DashboardLogs"}),Dc=new Ce(`
    fragment SpanTree on Span {
  id
  name
  kind
  namespace
  origin
  inferred
  startTime
  durationMs
  inProgress
  error
  fault
  throttle
  http {
    method
    url
    status
  }
  sql
  aws
  annotations
  exceptions {
    type
    message
    remote
    stack {
      path
      line
      label
    }
  }
}
    `,{fragmentName:"SpanTree"}),Ms=new Ce(`
    query ConsoleProfiles {
  profiles {
    name
    backend
    region
    isDefault
  }
}
    `),Ls=new Ce(`
    query ConsoleOverview($profile: String, $range: TimeRange = { last: "1h" }) {
  services(profile: $profile) {
    name
    resourceType
    repo
    metrics(range: $range) {
      ...ConsoleMetricSeries
    }
    traces(range: $range, filter: { fault: true, flagScope: SERVICE }, limit: 5) {
      truncated
      traces {
        id
        startTime
        durationMs
        hasFault
        hasError
        hasThrottle
        http {
          method
          url
          status
        }
      }
    }
    ... @defer(label: "overviewErrorVolume") {
      errorVolume: logVolume(range: $range, filter: { levels: [ERROR] }) {
        start
        count
      }
    }
  }
}
    fragment ConsoleMetricSeries on MetricSeries {
  namespace
  metricName
  label
  stat
  period
  unit
  status
  from
  to
  points {
    timestamp
    value
  }
}`),As=new Ce(`
    query ConsoleService($name: String!, $profile: String, $range: TimeRange) {
  service(name: $name, profile: $profile) {
    name
    resourceType
    repo
    configured
    metrics(range: $range) {
      ...ConsoleMetricSeries
    }
    traces(range: $range, filter: { fault: true, flagScope: SERVICE }, limit: 10) {
      truncated
      traces {
        id
        startTime
        durationMs
        hasFault
        hasError
        hasThrottle
        http {
          method
          url
          status
        }
      }
    }
    ... @defer(label: "serviceErrorLogs") {
      errorLogs: logs(range: $range, filter: { levels: [ERROR, FATAL] }, limit: 50) {
        status
        truncated
        logGroups
        statistics {
          recordsMatched
          bytesScanned
        }
        events {
          timestamp
          level
          message
          logStream
          traceId
        }
      }
      errorVolume: logVolume(range: $range, filter: { levels: [ERROR, FATAL] }) {
        start
        count
      }
    }
  }
}
    fragment ConsoleMetricSeries on MetricSeries {
  namespace
  metricName
  label
  stat
  period
  unit
  status
  from
  to
  points {
    timestamp
    value
  }
}`),Ds=new Ce(`
    subscription ConsoleTail($service: String!, $profile: String) {
  tail(service: $service, profile: $profile) {
    timestamp
    level
    message
    logStream
    traceId
  }
}
    `),Cs=new Ce(`
    query ConsoleTrace($id: ID!, $profile: String, $logLimit: Int = 200) {
  trace(id: $id, profile: $profile) {
    id
    startTime
    durationMs
    responseTimeMs
    hasError
    hasFault
    hasThrottle
    services
    annotations
    http {
      method
      url
      status
    }
    spans {
      id
      parentId
      segmentId
      name
      kind
      namespace
      origin
      inferred
      startTime
      endTime
      durationMs
      inProgress
      error
      fault
      throttle
      http {
        method
        url
        status
        clientIp
        userAgent
        contentLength
      }
      sql
      aws
      annotations
      metadata
      exceptions {
        id
        type
        message
        remote
        stack {
          path
          line
          label
        }
      }
    }
    ... @defer(label: "traceLogs") {
      logs(limit: $logLimit) {
        status
        truncated
        logGroups
        events {
          timestamp
          level
          logGroup
          logStream
          message
        }
      }
    }
  }
}
    `),Cc=new Ce(`
    query Dashboard($range: TimeRange = { last: "1h" }) {
  services {
    ...DashboardService
    logs(range: $range, filter: { levels: [ERROR] }, limit: 50) {
      ...DashboardLogs
    }
  }
}
    fragment DashboardService on Service {
  name
  resourceType
  repo
  metrics(range: $range) {
    namespace
    metricName
    stat
    period
    unit
    status
    dimensions {
      name
      value
    }
    points {
      timestamp
      value
    }
  }
  traces(range: $range, filter: { fault: true }, limit: 5) {
    truncated
    traces {
      id
      startTime
      durationMs
      responseTimeMs
      hasFault
      http {
        method
        url
        status
      }
      spans {
        id
        parentId
        name
      }
    }
  }
}
fragment DashboardLogs on LogQueryResult {
  status
  truncated
  logGroups
  statistics {
    recordsMatched
    bytesScanned
  }
  events {
    timestamp
    level
    message
    logStream
    traceId
  }
}`),Rc=new Ce(`
    query DashboardDeferredLogs($range: TimeRange = { last: "1h" }) {
  services {
    ...DashboardService
    ... @defer(label: "logs") {
      logs(range: $range, filter: { levels: [ERROR] }, limit: 50) {
        ...DashboardLogs
      }
    }
  }
}
    fragment DashboardService on Service {
  name
  resourceType
  repo
  metrics(range: $range) {
    namespace
    metricName
    stat
    period
    unit
    status
    dimensions {
      name
      value
    }
    points {
      timestamp
      value
    }
  }
  traces(range: $range, filter: { fault: true }, limit: 5) {
    truncated
    traces {
      id
      startTime
      durationMs
      responseTimeMs
      hasFault
      http {
        method
        url
        status
      }
      spans {
        id
        parentId
        name
      }
    }
  }
}
fragment DashboardLogs on LogQueryResult {
  status
  truncated
  logGroups
  statistics {
    recordsMatched
    bytesScanned
  }
  events {
    timestamp
    level
    message
    logStream
    traceId
  }
}`),_c=new Ce(`
    query ServiceMetrics($profile: String, $names: [String!], $range: TimeRange = { last: "1h" }, $period: Int) {
  services(profile: $profile, names: $names) {
    name
    resourceType
    metrics(range: $range, period: $period) {
      namespace
      metricName
      stat
      period
      unit
      status
      complete
      dimensions {
        name
        value
      }
      points {
        timestamp
        value
      }
    }
  }
}
    `),$c=new Ce(`
    query MetricCatalog($profile: String, $namespace: String!, $service: String) {
  metricCatalog(profile: $profile, namespace: $namespace, service: $service) {
    namespace
    metricName
    dimensions {
      name
      value
    }
  }
}
    `),Pc=new Ce(`
    query Profiles {
  profiles {
    name
    backend
    region
    isDefault
    services {
      name
      resourceType
      repo
    }
  }
}
    `),Ic=new Ce(`
    query ServiceErrorLogs($profile: String, $names: [String!], $range: TimeRange = { last: "15m" }, $limit: Int = 50) {
  services(profile: $profile, names: $names) {
    name
    ... @defer(label: "errorLogs") {
      logs(range: $range, filter: { levels: [ERROR, FATAL] }, limit: $limit) {
        events {
          timestamp
          level
          message
          logStream
          logGroup
          traceId
        }
        truncated
        status
        statistics {
          bytesScanned
        }
      }
      logVolume(range: $range, filter: { levels: [ERROR, FATAL] }) {
        start
        count
      }
    }
  }
}
    `),Nc=new Ce(`
    subscription TailServiceLogs($service: String!, $profile: String, $filter: LogFilter) {
  tail(service: $service, profile: $profile, filter: $filter) {
    timestamp
    level
    message
    logStream
    logGroup
    traceId
  }
}
    `),Fc=new Ce(`
    query ServiceTraces($profile: String, $names: [String!], $range: TimeRange = { last: "1h" }, $filter: TraceFilter = { fault: true }, $limit: Int = 10) {
  services(profile: $profile, names: $names) {
    name
    traces(range: $range, filter: $filter, limit: $limit) {
      truncated
      traces {
        id
        startTime
        durationMs
        responseTimeMs
        hasError
        hasFault
        hasThrottle
        http {
          method
          url
          status
        }
        services
        ... @defer(label: "spans") {
          spans {
            id
            parentId
            name
            kind
            namespace
            origin
            inferred
            startTime
            durationMs
            error
            fault
            throttle
            exceptions {
              type
              message
              remote
            }
          }
        }
      }
    }
  }
}
    `),Oc=new Ce(`
    query TraceDetail($id: ID!, $profile: String, $logLimit: Int = 100) {
  trace(id: $id, profile: $profile) {
    id
    startTime
    durationMs
    hasFault
    services
    annotations
    rootSpans {
      ...SpanTree
      children {
        ...SpanTree
        children {
          ...SpanTree
          children {
            ...SpanTree
          }
        }
      }
    }
    logs(limit: $logLimit) {
      truncated
      events {
        timestamp
        logGroup
        level
        message
      }
    }
  }
}
    fragment SpanTree on Span {
  id
  name
  kind
  namespace
  origin
  inferred
  startTime
  durationMs
  inProgress
  error
  fault
  throttle
  http {
    method
    url
    status
  }
  sql
  aws
  annotations
  exceptions {
    type
    message
    remote
    stack {
      path
      line
      label
    }
  }
}`);function d(e,t={},...l){let n=document.createElement(e);for(let[s,a]of Object.entries(t))a==null||a===!1||(typeof a=="function"?n.addEventListener(s.replace(/^on/,""),a):a===!0?n.setAttribute(s,""):n.setAttribute(s,String(a)));return br(n,...l),n}function br(e,...t){for(let l of t)l==null||l===!1||e.appendChild(typeof l=="string"||typeof l=="number"?document.createTextNode(String(l)):l)}function be(e,...t){e.replaceChildren(),br(e,...t)}function ht(e,t=2){if(e==null||!Number.isFinite(e))return"–";let l=Math.abs(e);return l>=1e9?`${(e/1e9).toFixed(1)}G`:l>=1e6?`${(e/1e6).toFixed(1)}M`:l>=1e4?`${(e/1e3).toFixed(1)}k`:Number.isInteger(e)?String(e):e.toFixed(l>=100?0:l>=10?1:t)}function yr(e){return e==null?"–":e>=1024*1024?`${(e/1024/1024).toFixed(1)} MiB`:e>=1024?`${(e/1024).toFixed(1)} KiB`:`${e} B`}function Qe(e){return e==null||!Number.isFinite(e)?"–":e>=6e4?`${(e/6e4).toFixed(1)} min`:e>=1e3?`${(e/1e3).toFixed(2)} s`:`${e<10?e.toFixed(1):Math.round(e)} ms`}function sn(e){if(!e)return"–";let t=new Date(e),l=t.toISOString().slice(11,19);return t.toISOString().slice(0,10)===new Date().toISOString().slice(0,10)?l:`${t.toISOString().slice(0,10)} ${l}`}function Be(e,t={}){let l=new URLSearchParams;for(let[s,a]of Object.entries(t))a&&l.set(s,a);let n=l.toString();return`#/${e}${n?`?${n}`:""}`}function Rs(e){return typeof e=="object"&&e!==null}var _s="x-graphql-event-stream-token";function $s(e){if(e=e,e!=="next"&&e!=="complete")throw new Error(`Invalid stream event "${e}"`);return e}function Ps(e,t){if(t)try{t=JSON.parse(t)}catch{throw new Error("Invalid stream data")}if(e==="next"&&!t)throw new Error('Stream data must be an object for "next" events');return t||null}var on;(function(e){e[e.NewLine=10]="NewLine",e[e.CarriageReturn=13]="CarriageReturn",e[e.Space=32]="Space",e[e.Colon=58]="Colon"})(on||(on={}));function Is(){let e,t,l,n=!1,s={event:"",data:""},a=[],i=new TextDecoder;return function(c){if(e===void 0)e=c,t=0,l=-1;else{let g=new Uint8Array(e.length+c.length);g.set(e),g.set(c,e.length),e=g}let m=e.length,y=0;for(;t<m;){n&&(e[t]===on.NewLine&&(y=++t),n=!1);let g=-1;for(;t<m&&g===-1;++t)switch(e[t]){case on.Colon:l===-1&&(l=t-y);break;case on.CarriageReturn:n=!0;case on.NewLine:g=t;break}if(g===-1)break;if(y===g){if(s.event||s.data){if(!s.event)throw new Error("Missing message event");let b=$s(s.event),x=Ps(b,s.data);a.push({event:b,data:x}),s={event:"",data:""}}}else if(l>0){let b=e.subarray(y,g),x=i.decode(b.subarray(0,l)),w=l+(b[l+1]===on.Space?2:1),A=i.decode(b.subarray(w));switch(x){case"event":s.event=A;break;case"data":s.data=s.data?s.data+`
`+A:A;break}}y=t,l=-1}if(y===m){e=void 0;let g=[...a];return a=[],g}else y!==0&&(e=e.subarray(y),t-=y)}}function Fs(e){let{singleConnection:t=!1,lazy:l=!0,lazyCloseTimeout:n=0,onNonLazyError:s=console.error,generateID:a=function(){return"xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g,Q=>{let I=Math.random()*16|0;return(Q=="x"?I:I&3|8).toString(16)})},retryAttempts:i=5,retry:p=async function(Q){let I=1e3;for(let $=0;$<Q;$++)I*=2;await new Promise($=>setTimeout($,I+Math.floor(Math.random()*2700+300)))},credentials:c="same-origin",referrer:m,referrerPolicy:y,onMessage:g,on:b}=e,x=e.fetchFn||fetch,w=e.abortControllerImpl||AbortController,A=(()=>{let F=!1,Q=[];return{get disposed(){return F},onDispose(I){return F?(setTimeout(()=>I(),0),()=>{}):(Q.push(I),()=>{Q.splice(Q.indexOf(I),1)})},dispose(){if(!F){F=!0;for(let I of[...Q])I()}}}})(),M,k,T=0,R=null,L=0;async function Y(){try{if(A.disposed)throw new Error("Client has been disposed");return await(k??(k=(async()=>{var F,Q,I;if(R){if(await p(L),M.signal.aborted)throw new Error("Connection aborted by the client");L++}(F=b?.connecting)===null||F===void 0||F.call(b,!!R),M=new w;let $=A.onDispose(()=>M.abort());M.signal.addEventListener("abort",()=>{$(),k=void 0});let D=e,W=typeof D.url=="function"?await D.url(void 0):D.url;if(M.signal.aborted)throw new Error("Connection aborted by the client");let _=typeof D.headers=="function"?await D.headers(void 0):(Q=D.headers)!==null&&Q!==void 0?Q:{};if(M.signal.aborted)throw new Error("Connection aborted by the client");let H;try{H=await x(W,{signal:M.signal,method:"PUT",credentials:c,referrer:m,referrerPolicy:y,headers:_})}catch(O){throw new Ue(O)}if(H.status!==201)throw new Ue(H);let U=await H.text();_[_s]=U;let J=await Ns({signal:M.signal,headers:_,credentials:c,referrer:m,referrerPolicy:y,url:W,fetchFn:x,onMessage:O=>{var ce;(ce=b?.message)===null||ce===void 0||ce.call(b,O),g?.(O)}});return(I=b?.connected)===null||I===void 0||I.call(b,!!R),J.waitForThrow().catch(()=>k=void 0),J})()))}catch(F){throw k=void 0,F}}t&&!l&&(async()=>{for(T++;;)try{let{waitForThrow:F}=await Y();await F()}catch(F){if(A.disposed)return;if(!(F instanceof Ue)||(k=void 0,!i||L>=i))return s?.(F);R=F}})();function z(F,Q,I){if(!t){let W=new w,_=A.onDispose(()=>{_(),W.abort()});return(async()=>{var H,U,J,O,ce;let ne=null,te=0;for(;;)try{if(ne){if(await p(te),W.signal.aborted)throw new Error("Connection aborted by the client");te++}(H=b?.connecting)===null||H===void 0||H.call(b,!!ne),(U=I?.connecting)===null||U===void 0||U.call(I,!!ne);let X=e,ee=typeof X.url=="function"?await X.url(F):X.url;if(W.signal.aborted)throw new Error("Connection aborted by the client");let B=typeof X.headers=="function"?await X.headers(F):(J=X.headers)!==null&&J!==void 0?J:{};if(W.signal.aborted)throw new Error("Connection aborted by the client");let{getResults:Me}=await Ns({signal:W.signal,headers:{...B,"content-type":"application/json; charset=utf-8"},credentials:c,referrer:m,referrerPolicy:y,url:ee,body:JSON.stringify(F),fetchFn:x,onMessage:Le=>{var de,se;(de=b?.message)===null||de===void 0||de.call(b,Le),(se=I?.message)===null||se===void 0||se.call(I,Le),g?.(Le)}});(O=b?.connected)===null||O===void 0||O.call(b,!!ne),(ce=I?.connected)===null||ce===void 0||ce.call(I,!!ne);for await(let Le of Me())ne=null,te=0,Q.next(Le);return W.abort()}catch(X){if(W.signal.aborted)return;if(!(X instanceof Ue)||!i||te>=i)throw X;ne=X}})().then(()=>Q.complete()).catch(H=>Q.error(H)),()=>W.abort()}T++;let $=new w,D=A.onDispose(()=>{D(),$.abort()});return(async()=>{let W=a();F={...F,extensions:{...F.extensions,operationId:W}};let _=null;for(;;){_=null;try{let{url:H,headers:U,getResults:J}=await Y(),O;try{O=await x(H,{signal:$.signal,method:"POST",credentials:c,referrer:m,referrerPolicy:y,headers:{...U,"content-type":"application/json; charset=utf-8"},body:JSON.stringify(F)})}catch(ce){throw new Ue(ce)}if(O.status!==202)throw new Ue(O);_=async()=>{let ce;try{let ne=new w,te=A.onDispose(()=>{te(),ne.abort()});ce=await x(H+"?operationId="+W,{signal:ne.signal,method:"DELETE",credentials:c,referrer:m,referrerPolicy:y,headers:U})}catch(ne){throw new Ue(ne)}if(ce.status!==200)throw new Ue(ce)};for await(let ce of J({signal:$.signal,operationId:W}))R=null,L=0,Q.next(ce);return _=null,$.abort()}catch(H){if($.signal.aborted)return await _?.();if(!(H instanceof Ue)||(l&&(k=void 0),!i||L>=i))throw $.abort(),H;R=H}finally{$.signal.aborted&&--T===0&&(isFinite(n)&&n>0?setTimeout(()=>{T||M.abort()},n):M.abort())}}})().then(()=>Q.complete()).catch(W=>Q.error(W)),()=>$.abort()}return{subscribe:z,iterate(F,Q){let I=[],$={done:!1,error:null,resolve:()=>{}},D=z(F,{next(_){I.push(_),$.resolve()},error(_){$.done=!0,$.error=_,$.resolve()},complete(){$.done=!0,$.resolve()}},Q),W=(async function*(){for(;;){for(I.length||await new Promise(H=>$.resolve=H);I.length;)yield I.shift();if($.error)throw $.error;if($.done)return}})();return W.throw=async _=>($.done||($.done=!0,$.error=_,$.resolve()),{done:!0,value:void 0}),W.return=async()=>(D(),{done:!0,value:void 0}),W},dispose(){A.dispose()}}}var Ue=class extends Error{constructor(t){let l,n;aa(t)?(n=t,l="Server responded with "+t.status+": "+t.statusText):t instanceof Error?l=t.message:l=String(t),super(l),this.name=this.constructor.name,this.response=n}};function aa(e){return Rs(e)&&typeof e.ok=="boolean"&&typeof e.status=="number"&&typeof e.statusText=="string"}async function Ns(e){let{signal:t,url:l,credentials:n,headers:s,body:a,referrer:i,referrerPolicy:p,fetchFn:c,onMessage:m}=e,y={},g={},b;try{b=await c(l,{signal:t,method:a?"POST":"GET",credentials:n,referrer:i,referrerPolicy:p,headers:{...s,accept:"text/event-stream"},body:a})}catch(A){throw new Ue(A)}if(!b.ok)throw new Ue(b);if(!b.body)throw new Error("Missing response body");let x=null,w;return(async()=>{var A;try{let M=Is();for await(let k of ua(b.body)){if(typeof k=="string")throw x=new Error(`Unexpected string chunk "${k}"`);let T;try{T=M(k)}catch(R){throw x=R}if(T)for(let R of T){try{m?.(R)}catch(Y){throw x=Y}let L=R.data&&"id"in R.data?R.data.id:"";switch(L in g||(g[L]=[]),R.event){case"next":L?g[L].push(R.data.payload):g[L].push(R.data);break;case"complete":g[L].push("complete");break;default:throw x=new Error(`Unexpected message event "${R.event}"`)}(A=y[L])===null||A===void 0||A.proceed()}}if(Object.keys(y).length)throw new Error("Connection closed while having active streams")}catch(M){!x&&Object.keys(y).length?x=new Ue(M):x=M,w?.(x)}finally{Object.values(y).forEach(({proceed:M})=>M())}})(),{url:l,headers:s,waitForThrow:()=>new Promise((A,M)=>{if(x)return M(x);w=M}),async*getResults(A){var M;let{signal:k,operationId:T=""}=A??{};try{for(;;){for(;!((M=g[T])===null||M===void 0)&&M.length;){let R=g[T].shift();if(R==="complete")return;yield R}if(x)throw x;if(k?.aborted)throw new Error("Getting results aborted by the client");await new Promise(R=>{let L=()=>{k?.removeEventListener("abort",L),delete y[T],R()};k?.addEventListener("abort",L),y[T]={proceed:L}})}}finally{delete g[T]}}}}function ua(e){return typeof Object(e)[Symbol.asyncIterator]=="function"?(e=e,e):(async function*(){let t=e.getReader(),l;do l=await t.read(),l.value!==void 0&&(yield l.value);while(!l.done)})()}var al="tinkr.console.token",Os=new URL("../graphql",location.href).toString(),$n=class extends Error{constructor(t){super(t),this.name="AuthRequiredError"}};function ul(){return sessionStorage.getItem(al)}function cl(e){e?sessionStorage.setItem(al,e):sessionStorage.removeItem(al)}function Vs(){let e=ul();return e?{authorization:`Bearer ${e}`}:{}}async function fl(e){let t=`the gateway answered HTTP ${e.status}`;try{let l=await e.json();l.errors?.[0]?.message&&(t=l.errors[0].message)}catch{}return new $n(t)}async function zs(e,t,l){let n=await fetch(Os,{method:"POST",headers:{"content-type":"application/json",accept:"application/graphql-response+json, application/json",...Vs()},body:JSON.stringify({query:e.toString(),variables:t}),...l?{signal:l}:{}});if(n.status===401||n.status===403)throw await fl(n);let s=await n.json();return{data:s.data,errors:s.errors??[],cost:s.extensions?.cost}}function Hs(e){return Fs({url:Os,singleConnection:!1,retryAttempts:e,headers:()=>({"content-type":"application/json",...Vs()})})}function ca(e,t,l){let n=e;for(let s of t){if(n===null||typeof n!="object")return;n=n[s]}n!==null&&typeof n=="object"&&Object.assign(n,l)}async function Pn(e,t,l,n){let s=Hs(0),a=s.iterate({query:e.toString(),variables:t}),i=()=>{a.return?.()};n?.addEventListener("abort",i);let p={},c=new Map,m=[],y=0;try{for await(let g of a){let b=g,x=[];b.data&&Object.assign(p,b.data);for(let w of b.pending??[])c.set(w.id,w.path);for(let w of b.incremental??[]){let A=[...w.path??(w.id!==void 0?c.get(w.id)??[]:[]),...w.subPath??[]];w.data&&ca(p,A,w.data),w.errors&&m.push(...w.errors),x.push(A)}b.errors&&m.push(...b.errors),l({data:p,errors:[...m],cost:b.extensions?.cost,index:y++,delivered:x,hasNext:b.hasNext??!1})}}catch(g){throw g instanceof Ue&&g.response&&(g.response.status===401||g.response.status===403)?await fl(g.response):g}finally{n?.removeEventListener("abort",i),s.dispose()}}function Gs(e,t,l){let n=Hs(3),s=n.subscribe({query:e.toString(),variables:t},{next:a=>{a.errors?.length?l.error(new Error(a.errors.map(i=>i.message).join("; "))):a.data&&l.next(a.data)},error:a=>{a instanceof Ue&&a.response&&(a.response.status===401||a.response.status===403)?fl(a.response).then(l.error):l.error(a)},complete:l.complete});return()=>{s(),n.dispose()}}var fa="uplot",da="u-hz",pa="u-vt",ma="u-title",ga="u-wrap",ha="u-under",ba="u-over",ya="u-axis",cn="u-off",va="u-select",wa="u-cursor-x",Sa="u-cursor-y",xa="u-cursor-pt",Ta="u-legend",ka="u-live",Ea="u-inline",Ma="u-series",La="u-marker",Qs="u-label",Aa="u-value",er="width",tr="height";var Us="bottom",In="left",dl="right",Dl="#000",Ws=Dl+"0",pl="mousemove",Bs="mousedown",ml="mouseup",qs="mouseenter",js="mouseleave",Ks="dblclick",Da="resize",Ca="scroll",Ys="change",Tr="dppxchange",Cl="--",Gn=typeof window<"u",vl=Gn?document:null,Fn=Gn?window:null,Ra=Gn?navigator:null,ue,vr;function wl(){let e=devicePixelRatio;ue!=e&&(ue=e,vr&&xl(Ys,vr,wl),vr=matchMedia(`(min-resolution: ${ue-.001}dppx) and (max-resolution: ${ue+.001}dppx)`),fn(Ys,vr,wl),Fn.dispatchEvent(new CustomEvent(Tr)))}function it(e,t){if(t!=null){let l=e.classList;!l.contains(t)&&l.add(t)}}function Sl(e,t){let l=e.classList;l.contains(t)&&l.remove(t)}function Se(e,t,l){e.style[t]=l+"px"}function kt(e,t,l,n){let s=vl.createElement(e);return t!=null&&it(s,t),l?.insertBefore(s,n),s}function bt(e,t){return kt("div",e,t)}var Js=new WeakMap;function Pt(e,t,l,n,s){let a="translate("+t+"px,"+l+"px)",i=Js.get(e);a!=i&&(e.style.transform=a,Js.set(e,a),t<0||l<0||t>n||l>s?it(e,cn):Sl(e,cn))}var Zs=new WeakMap;function Xs(e,t,l){let n=t+l,s=Zs.get(e);n!=s&&(Zs.set(e,n),e.style.background=t,e.style.borderColor=l)}var eo=new WeakMap;function to(e,t,l,n){let s=t+""+l,a=eo.get(e);s!=a&&(eo.set(e,s),e.style.height=l+"px",e.style.width=t+"px",e.style.marginLeft=n?-t/2+"px":0,e.style.marginTop=n?-l/2+"px":0)}var Rl={passive:!0},_a={...Rl,capture:!0};function fn(e,t,l,n){t.addEventListener(e,l,n?_a:Rl)}function xl(e,t,l,n){t.removeEventListener(e,l,Rl)}Gn&&wl();function Et(e,t,l,n){let s;l=l||0,n=n||t.length-1;let a=n<=2147483647;for(;n-l>1;)s=a?l+n>>1:at((l+n)/2),t[s]<e?l=s:n=s;return e-t[l]<=t[n]-e?l:n}function Co(e){return(l,n,s)=>{let a=-1,i=-1;for(let p=n;p<=s;p++)if(e(l[p])){a=p;break}for(let p=s;p>=n;p--)if(e(l[p])){i=p;break}return[a,i]}}var Ro=e=>e!=null,_o=e=>e!=null&&e>0,Mr=Co(Ro),$a=Co(_o);function Pa(e,t,l,n=0,s=!1){let a=s?$a:Mr,i=s?_o:Ro;[t,l]=a(e,t,l);let p=e[t],c=e[t];if(t>-1)if(n==1)p=e[t],c=e[l];else if(n==-1)p=e[l],c=e[t];else for(let m=t;m<=l;m++){let y=e[m];i(y)&&(y<p?p=y:y>c&&(c=y))}return[p??me,c??-me]}function Lr(e,t,l,n){let s=lo(e),a=lo(t);e==t&&(s==-1?(e*=l,t/=l):(e/=l,t*=l));let i=l==10?Vt:$o,p=s==1?at:yt,c=a==1?yt:at,m=p(i(Pe(e))),y=c(i(Pe(t))),g=On(l,m),b=On(l,y);return l==10&&(m<0&&(g=ge(g,-m)),y<0&&(b=ge(b,-y))),n||l==2?(e=g*s,t=b*a):(e=Fo(e,g),t=Ar(t,b)),[e,t]}function _l(e,t,l,n){let s=Lr(e,t,l,n);return e==0&&(s[0]=0),t==0&&(s[1]=0),s}var $l=.1,no={mode:3,pad:$l},rr={pad:0,soft:null,mode:0},Ia={min:rr,max:rr};function kr(e,t,l,n){return Dr(l)?ro(e,t,l):(rr.pad=l,rr.soft=n?0:null,rr.mode=n?3:0,ro(e,t,Ia))}function ie(e,t){return e??t}function Na(e,t,l){for(t=ie(t,0),l=ie(l,e.length-1);t<=l;){if(e[t]!=null)return!0;t++}return!1}function ro(e,t,l){let n=l.min,s=l.max,a=ie(n.pad,0),i=ie(s.pad,0),p=ie(n.hard,-me),c=ie(s.hard,me),m=ie(n.soft,me),y=ie(s.soft,-me),g=ie(n.mode,0),b=ie(s.mode,0),x=t-e,w=Vt(x),A=Je(Pe(e),Pe(t)),M=Vt(A),k=Pe(M-w);(x<1e-24||k>10)&&(x=0,(e==0||t==0)&&(x=1e-24,g==2&&m!=me&&(a=0),b==2&&y!=-me&&(i=0)));let T=x||A||1e3,R=Vt(T),L=On(10,at(R)),Y=T*(x==0?e==0?.1:1:a),z=ge(Fo(e-Y,L/10),24),F=e>=m&&(g==1||g==3&&z<=m||g==2&&z>=m)?m:me,Q=Je(p,z<F&&e>=F?F:Mt(F,z)),I=T*(x==0?t==0?.1:1:i),$=ge(Ar(t+I,L/10),24),D=t<=y&&(b==1||b==3&&$>=y||b==2&&$<=y)?y:-me,W=Mt(c,$>D&&t<=D?D:Je(D,$));return Q==W&&Q==0&&(W=100),[Q,W]}var Fa=new Intl.NumberFormat(Gn?Ra.language:"en-US"),Pl=e=>Fa.format(e),ut=Math,xr=ut.PI,Pe=ut.abs,at=ut.floor,$e=ut.round,yt=ut.ceil,Mt=ut.min,Je=ut.max,On=ut.pow,lo=ut.sign,Vt=ut.log10,$o=ut.log2,Oa=(e,t=1)=>ut.sinh(e)*t,gl=(e,t=1)=>ut.asinh(e/t),me=1/0;function so(e){return(Vt((e^e>>31)-(e>>31))|0)+1}function Tl(e,t,l){return Mt(Je(e,t),l)}function Po(e){return typeof e=="function"}function le(e){return Po(e)?e:()=>e}var Va=()=>{},Io=e=>e,No=(e,t)=>t,za=e=>null,oo=e=>!0,io=(e,t)=>e==t,Ha=/\.\d*?(?=9{6,}|0{6,})/gm,dn=e=>{if(Vo(e)||jt.has(e))return e;let t=`${e}`,l=t.match(Ha);if(l==null)return e;let n=l[0].length-1;if(t.indexOf("e-")!=-1){let[s,a]=t.split("e");return+`${dn(s)}e${a}`}return ge(e,n)};function an(e,t){return dn(ge(dn(e/t))*t)}function Ar(e,t){return dn(yt(dn(e/t))*t)}function Fo(e,t){return dn(at(dn(e/t))*t)}function ge(e,t=0){if(Vo(e))return e;let l=10**t,n=e*l*(1+Number.EPSILON);return $e(n)/l}var jt=new Map;function Oo(e){return((""+e).split(".")[1]||"").length}function sr(e,t,l,n){let s=[],a=n.map(Oo);for(let i=t;i<l;i++){let p=Pe(i),c=ge(On(e,i),p);for(let m=0;m<n.length;m++){let y=e==10?+`${n[m]}e${i}`:n[m]*c,g=(i>=0?0:p)+(i>=a[m]?0:a[m]),b=e==10?y:ge(y,g);s.push(b),jt.set(b,g)}}return s}var lr={},Il=[],Vn=[null,null],qt=Array.isArray,Vo=Number.isInteger,Ga=e=>e===void 0;function ao(e){return typeof e=="string"}function Dr(e){let t=!1;if(e!=null){let l=e.constructor;t=l==null||l==Object}return t}function Qa(e){return e!=null&&typeof e=="object"}var Ua=Object.getPrototypeOf(Uint8Array),zo="__proto__";function zn(e,t=Dr){let l;if(qt(e)){let n=e.find(s=>s!=null);if(qt(n)||t(n)){l=Array(e.length);for(let s=0;s<e.length;s++)l[s]=zn(e[s],t)}else l=e.slice()}else if(e instanceof Ua)l=e.slice();else if(t(e)){l={};for(let n in e)n!=zo&&(l[n]=zn(e[n],t))}else l=e;return l}function Re(e){let t=arguments;for(let l=1;l<t.length;l++){let n=t[l];for(let s in n)s!=zo&&(Dr(e[s])?Re(e[s],zn(n[s])):e[s]=zn(n[s]))}return e}var Wa=0,Ba=1,qa=2;function ja(e,t,l){for(let n=0,s,a=-1;n<t.length;n++){let i=t[n];if(i>a){for(s=i-1;s>=0&&e[s]==null;)e[s--]=null;for(s=i+1;s<l&&e[s]==null;)e[a=s++]=null}}}function Ka(e,t){if(Za(e)){let i=e[0].slice();for(let p=1;p<e.length;p++)i.push(...e[p].slice(1));return Xa(i[0])||(i=Ja(i)),i}let l=new Set;for(let i=0;i<e.length;i++){let c=e[i][0],m=c.length;for(let y=0;y<m;y++)l.add(c[y])}let n=[Array.from(l).sort((i,p)=>i-p)],s=n[0].length,a=new Map;for(let i=0;i<s;i++)a.set(n[0][i],i);for(let i=0;i<e.length;i++){let p=e[i],c=p[0];for(let m=1;m<p.length;m++){let y=p[m],g=Array(s).fill(void 0),b=t?t[i][m]:Ba,x=[];for(let w=0;w<y.length;w++){let A=y[w],M=a.get(c[w]);A===null?b!=Wa&&(g[M]=A,b==qa&&x.push(M)):g[M]=A}ja(g,x,s),n.push(g)}}return n}var Ya=typeof queueMicrotask>"u"?e=>Promise.resolve().then(e):queueMicrotask;function Ja(e){let t=e[0],l=t.length,n=Array(l);for(let a=0;a<n.length;a++)n[a]=a;n.sort((a,i)=>t[a]-t[i]);let s=[];for(let a=0;a<e.length;a++){let i=e[a],p=Array(l);for(let c=0;c<l;c++)p[c]=i[n[c]];s.push(p)}return s}function Za(e){let t=e[0][0],l=t.length;for(let n=1;n<e.length;n++){let s=e[n][0];if(s.length!=l)return!1;if(s!=t){for(let a=0;a<l;a++)if(s[a]!=t[a])return!1}}return!0}function Xa(e,t=100){let l=e.length;if(l<=1)return!0;let n=0,s=l-1;for(;n<=s&&e[n]==null;)n++;for(;s>=n&&e[s]==null;)s--;if(s<=n)return!0;let a=Je(1,at((s-n+1)/t));for(let i=e[n],p=n+a;p<=s;p+=a){let c=e[p];if(c!=null){if(c<=i)return!1;i=c}}return!0}var Ho=["January","February","March","April","May","June","July","August","September","October","November","December"],Go=["Sunday","Monday","Tuesday","Wednesday","Thursday","Friday","Saturday"];function Qo(e){return e.slice(0,3)}var eu=Go.map(Qo),tu=Ho.map(Qo),nu={MMMM:Ho,MMM:tu,WWWW:Go,WWW:eu};function Xn(e){return(e<10?"0":"")+e}function ru(e){return(e<10?"00":e<100?"0":"")+e}var lu={YYYY:e=>e.getFullYear(),YY:e=>(e.getFullYear()+"").slice(2),MMMM:(e,t)=>t.MMMM[e.getMonth()],MMM:(e,t)=>t.MMM[e.getMonth()],MM:e=>Xn(e.getMonth()+1),M:e=>e.getMonth()+1,DD:e=>Xn(e.getDate()),D:e=>e.getDate(),WWWW:(e,t)=>t.WWWW[e.getDay()],WWW:(e,t)=>t.WWW[e.getDay()],HH:e=>Xn(e.getHours()),H:e=>e.getHours(),h:e=>{let t=e.getHours();return t==0?12:t>12?t-12:t},AA:e=>e.getHours()>=12?"PM":"AM",aa:e=>e.getHours()>=12?"pm":"am",a:e=>e.getHours()>=12?"p":"a",mm:e=>Xn(e.getMinutes()),m:e=>e.getMinutes(),ss:e=>Xn(e.getSeconds()),s:e=>e.getSeconds(),fff:e=>ru(e.getMilliseconds())};function Nl(e,t){t=t||nu;let l=[],n=/\{([a-z]+)\}|[^{]+/gi,s;for(;s=n.exec(e);)l.push(s[0][0]=="{"?lu[s[1]]:s[0]);return a=>{let i="";for(let p=0;p<l.length;p++)i+=typeof l[p]=="string"?l[p]:l[p](a,t);return i}}var su=new Intl.DateTimeFormat().resolvedOptions().timeZone;function ou(e,t){let l;return t=="UTC"||t=="Etc/UTC"?l=new Date(+e+e.getTimezoneOffset()*6e4):t==su?l=e:(l=new Date(e.toLocaleString("en-US",{timeZone:t})),l.setMilliseconds(e.getMilliseconds())),l}var Uo=e=>e%1==0,Er=[1,2,2.5,5],iu=sr(10,-32,0,Er),Wo=sr(10,0,32,Er),au=Wo.filter(Uo),un=iu.concat(Wo),Fl=`
`,Bo="{YYYY}",uo=Fl+Bo,qo="{M}/{D}",nr=Fl+qo,wr=nr+"/{YY}",jo="{aa}",uu="{h}:{mm}",Nn=uu+jo,co=Fl+Nn,fo=":{ss}",fe=null;function Ko(e){let t=e*1e3,l=t*60,n=l*60,s=n*24,a=s*30,i=s*365,c=(e==1?sr(10,0,3,Er).filter(Uo):sr(10,-3,0,Er)).concat([t,t*5,t*10,t*15,t*30,l,l*5,l*10,l*15,l*30,n,n*2,n*3,n*4,n*6,n*8,n*12,s,s*2,s*3,s*4,s*5,s*6,s*7,s*8,s*9,s*10,s*15,a,a*2,a*3,a*4,a*6,i,i*2,i*5,i*10,i*25,i*50,i*100]),m=[[i,Bo,fe,fe,fe,fe,fe,fe,1],[s*28,"{MMM}",uo,fe,fe,fe,fe,fe,1],[s,qo,uo,fe,fe,fe,fe,fe,1],[n,"{h}"+jo,wr,fe,nr,fe,fe,fe,1],[l,Nn,wr,fe,nr,fe,fe,fe,1],[t,fo,wr+" "+Nn,fe,nr+" "+Nn,fe,co,fe,1],[e,fo+".{fff}",wr+" "+Nn,fe,nr+" "+Nn,fe,co,fe,1]];function y(g){return(b,x,w,A,M,k)=>{let T=[],R=M>=i,L=M>=a&&M<i,Y=g(w),z=ge(Y*e,3),F=hl(Y.getFullYear(),R?0:Y.getMonth(),L||R?1:Y.getDate()),Q=ge(F*e,3);if(L||R){let I=L?M/a:0,$=R?M/i:0,D=z==Q?z:ge(hl(F.getFullYear()+$,F.getMonth()+I,1)*e,3),W=new Date($e(D/e)),_=W.getFullYear(),H=W.getMonth();for(let U=0;D<=A;U++){let J=hl(_+$*U,H+I*U,1),O=J-g(ge(J*e,3));D=ge((+J+O)*e,3),D<=A&&T.push(D)}}else{let I=M>=s?s:M,$=at(w)-at(z),D=Q+$+Ar(z-Q,I);T.push(D);let W=g(D),_=W.getHours()+W.getMinutes()/l+W.getSeconds()/n,H=M/n,U=b.axes[x]._space,J=k/U;for(;D=ge(D+M,e==1?0:3),!(D>A);)if(H>1){let O=at(ge(_+H,6))%24,te=g(D).getHours()-O;te>1&&(te=-1),D-=te*n,_=(_+H)%24;let X=T[T.length-1];ge((D-X)/M,3)*J>=.7&&T.push(D)}else T.push(D)}return T}}return[c,m,y]}var[cu,fu,du]=Ko(1),[pu,mu,gu]=Ko(.001);sr(2,-53,53,[1]);function po(e,t){return e.map(l=>l.map((n,s)=>s==0||s==8||n==null?n:t(s==1||l[8]==0?n:l[1]+n)))}function mo(e,t){return(l,n,s,a,i)=>{let p=t.find(w=>i>=w[0])||t[t.length-1],c,m,y,g,b,x;return n.map(w=>{let A=e(w),M=A.getFullYear(),k=A.getMonth(),T=A.getDate(),R=A.getHours(),L=A.getMinutes(),Y=A.getSeconds(),z=M!=c&&p[2]||k!=m&&p[3]||T!=y&&p[4]||R!=g&&p[5]||L!=b&&p[6]||Y!=x&&p[7]||p[1];return c=M,m=k,y=T,g=R,b=L,x=Y,z(A)})}}function hu(e,t){let l=Nl(t);return(n,s,a,i,p)=>s.map(c=>l(e(c)))}function hl(e,t,l){return new Date(e,t,l)}function go(e,t){return t(e)}var bu="{YYYY}-{MM}-{DD} {h}:{mm}{aa}";function ho(e,t){return(l,n,s,a)=>a==null?Cl:t(e(n))}function yu(e,t){let l=e.series[t];return l.width?l.stroke(e,t):l.points.width?l.points.stroke(e,t):null}function vu(e,t){return e.series[t].fill(e,t)}var wu={show:!0,live:!0,isolate:!1,mount:Va,markers:{show:!0,width:2,stroke:yu,fill:vu,dash:"solid"},idx:null,idxs:null,values:[]};function Su(e,t){let l=e.cursor.points,n=bt(),s=l.size(e,t);Se(n,er,s),Se(n,tr,s);let a=s/-2;Se(n,"marginLeft",a),Se(n,"marginTop",a);let i=l.width(e,t,s);return i&&Se(n,"borderWidth",i),n}function xu(e,t){let l=e.series[t].points;return l._fill||l._stroke}function Tu(e,t){let l=e.series[t].points;return l._stroke||l._fill}function ku(e,t){return e.series[t].points.size}var bl=[0,0];function Eu(e,t,l){return bl[0]=t,bl[1]=l,bl}function Sr(e,t,l,n=!0){return s=>{s.button==0&&(!n||s.target==t)&&l(s)}}function yl(e,t,l,n=!0){return s=>{(!n||s.target==t)&&l(s)}}var Mu={show:!0,x:!0,y:!0,lock:!1,move:Eu,points:{one:!1,show:Su,size:ku,width:0,stroke:Tu,fill:xu},bind:{mousedown:Sr,mouseup:Sr,click:Sr,dblclick:Sr,mousemove:yl,mouseleave:yl,mouseenter:yl},drag:{setScale:!0,x:!0,y:!1,dist:0,uni:null,click:(e,t)=>{t.stopPropagation(),t.stopImmediatePropagation()},_x:!1,_y:!1},focus:{dist:(e,t,l,n,s)=>n-s,prox:-1,bias:0},hover:{skip:[void 0],prox:null,bias:0},left:-10,top:-10,idx:null,dataIdx:null,idxs:null,event:null},Yo={show:!0,stroke:"rgba(0,0,0,0.07)",width:2},Ol=Re({},Yo,{filter:No}),Jo=Re({},Ol,{size:10}),Zo=Re({},Yo,{show:!1}),Vl='12px system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Segoe UI Symbol", "Noto Color Emoji"',Xo="bold "+Vl,ei=1.5,bo={show:!0,scale:"x",stroke:Dl,space:50,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:Xo,side:2,grid:Ol,ticks:Jo,border:Zo,font:Vl,lineGap:ei,rotate:0},Lu="Value",Au="Time",yo={show:!0,scale:"x",auto:!1,sorted:1,min:me,max:-me,idxs:[]};function Du(e,t,l,n,s){return t.map(a=>a==null?"":Pl(a))}function Cu(e,t,l,n,s,a,i){let p=[],c=jt.get(s)||0;l=i?l:ge(Ar(l,s),c);for(let m=l;m<=n;m=ge(m+s,c))p.push(Object.is(m,-0)?0:m);return p}function kl(e,t,l,n,s,a,i){let p=[],c=e.scales[e.axes[t].scale].log,m=c==10?Vt:$o,y=at(m(l));s=On(c,y),c==10&&(s=un[Et(s,un)]);let g=l,b=s*c;c==10&&(b=un[Et(b,un)]);do p.push(g),g=g+s,c==10&&!jt.has(g)&&(g=ge(g,jt.get(s))),g>=b&&(s=g,b=s*c,c==10&&(b=un[Et(b,un)]));while(g<=n);return p}function Ru(e,t,l,n,s,a,i){let c=e.scales[e.axes[t].scale].asinh,m=n>c?kl(e,t,Je(c,l),n,s):[c],y=n>=0&&l<=0?[0]:[];return(l<-c?kl(e,t,Je(c,-n),-l,s):[c]).reverse().map(b=>-b).concat(y,m)}var ti=/./,_u=/[12357]/,$u=/[125]/,vo=/1/,El=(e,t,l,n)=>e.map((s,a)=>t==4&&s==0||a%n==0&&l.test(s.toExponential()[s<0?1:0])?s:null);function Pu(e,t,l,n,s){let a=e.axes[l],i=a.scale,p=e.scales[i],c=e.valToPos,m=a._space,y=c(10,i),g=c(9,i)-y>=m?ti:c(7,i)-y>=m?_u:c(5,i)-y>=m?$u:vo;if(g==vo){let b=Pe(c(1,i)-y);if(b<m)return El(t.slice().reverse(),p.distr,g,yt(m/b)).reverse()}return El(t,p.distr,g,1)}function Iu(e,t,l,n,s){let a=e.axes[l],i=a.scale,p=a._space,c=e.valToPos,m=Pe(c(1,i)-c(2,i));return m<p?El(t.slice().reverse(),3,ti,yt(p/m)).reverse():t}function Nu(e,t,l,n){return n==null?Cl:t==null?"":Pl(t)}var wo={show:!0,scale:"y",stroke:Dl,space:30,gap:5,alignTo:1,size:50,labelGap:0,labelSize:30,labelFont:Xo,side:3,grid:Ol,ticks:Jo,border:Zo,font:Vl,lineGap:ei,rotate:0};function Fu(e,t){let l=3+(e||1)*2;return ge(l*t,3)}function Ou(e,t){let{scale:l,idxs:n}=e.series[0],s=e._data[0],a=e.valToPos(s[n[0]],l,!0),i=e.valToPos(s[n[1]],l,!0),p=Pe(i-a),c=e.series[t],m=p/(c.points.space*ue);return n[1]-n[0]<=m}var So={scale:null,auto:!0,sorted:0,min:me,max:-me},ni=(e,t,l,n,s)=>s,xo={show:!0,auto:!0,sorted:0,gaps:ni,alpha:1,facets:[Re({},So,{scale:"x"}),Re({},So,{scale:"y"})]},To={scale:"y",auto:!0,sorted:0,show:!0,spanGaps:!1,gaps:ni,alpha:1,points:{show:Ou,filter:null},values:null,min:me,max:-me,idxs:[],path:null,clip:null};function Vu(e,t,l,n,s){return l/10}var ri={time:!0,auto:!0,distr:1,log:10,asinh:1,min:null,max:null,dir:1,ori:0},zu=Re({},ri,{time:!1,ori:1}),ko={};function li(e,t){let l=ko[e];return l||(l={key:e,plots:[],sub(n){l.plots.push(n)},unsub(n){l.plots=l.plots.filter(s=>s!=n)},pub(n,s,a,i,p,c,m){for(let y=0;y<l.plots.length;y++)l.plots[y]!=s&&l.plots[y].pub(n,s,a,i,p,c,m)}},e!=null&&(ko[e]=l)),l}var Hn=1,Ml=2;function pn(e,t,l){let n=e.mode,s=e.series[t],a=n==2?e._data[t]:e._data,i=e.scales,p=e.bbox,c=a[0],m=n==2?a[1]:a[t],y=n==2?i[s.facets[0].scale]:i[e.series[0].scale],g=n==2?i[s.facets[1].scale]:i[s.scale],b=p.left,x=p.top,w=p.width,A=p.height,M=e.valToPosH,k=e.valToPosV;return y.ori==0?l(s,c,m,y,g,M,k,b,x,w,A,Rr,Qn,$r,oi,ai):l(s,c,m,y,g,k,M,x,b,A,w,_r,Un,Gl,ii,ui)}function zl(e,t){let l=0,n=0,s=ie(e.bands,Il);for(let a=0;a<s.length;a++){let i=s[a];i.series[0]==t?l=i.dir:i.series[1]==t&&(i.dir==1?n|=1:n|=2)}return[l,n==1?-1:n==2?1:n==3?2:0]}function Hu(e,t,l,n,s){let a=e.mode,i=e.series[t],p=a==2?i.facets[1].scale:i.scale,c=e.scales[p];return s==-1?c.min:s==1?c.max:c.distr==3?c.dir==1?c.min:c.max:0}function zt(e,t,l,n,s,a){return pn(e,t,(i,p,c,m,y,g,b,x,w,A,M)=>{let k=i.pxRound,T=m.dir*(m.ori==0?1:-1),R=m.ori==0?Qn:Un,L,Y;T==1?(L=l,Y=n):(L=n,Y=l);let z=k(g(p[L],m,A,x)),F=k(b(c[L],y,M,w)),Q=k(g(p[Y],m,A,x)),I=k(b(a==1?y.max:y.min,y,M,w)),$=new Path2D(s);return R($,Q,I),R($,z,I),R($,z,F),$})}function Cr(e,t,l,n,s,a){let i=null;if(e.length>0){i=new Path2D;let p=t==0?$r:Gl,c=l;for(let g=0;g<e.length;g++){let b=e[g];if(b[1]>b[0]){let x=b[0]-c;x>0&&p(i,c,n,x,n+a),c=b[1]}}let m=l+s-c,y=10;m>0&&p(i,c,n-y/2,m,n+a+y)}return i}function Gu(e,t,l){let n=e[e.length-1];n&&n[0]==t?n[1]=l:e.push([t,l])}function Hl(e,t,l,n,s,a,i){let p=[],c=e.length;for(let m=s==1?l:n;m>=l&&m<=n;m+=s)if(t[m]===null){let g=m,b=m;if(s==1)for(;++m<=n&&t[m]===null;)b=m;else for(;--m>=l&&t[m]===null;)b=m;let x=a(e[g]),w=b==g?x:a(e[b]),A=g-s;x=i<=0&&A>=0&&A<c?a(e[A]):x;let k=b+s;w=i>=0&&k>=0&&k<c?a(e[k]):w,w>=x&&p.push([x,w])}return p}function Eo(e){return e==0?Io:e==1?$e:t=>an(t,e)}function si(e){let t=e==0?Rr:_r,l=e==0?(s,a,i,p,c,m)=>{s.arcTo(a,i,p,c,m)}:(s,a,i,p,c,m)=>{s.arcTo(i,a,c,p,m)},n=e==0?(s,a,i,p,c)=>{s.rect(a,i,p,c)}:(s,a,i,p,c)=>{s.rect(i,a,c,p)};return(s,a,i,p,c,m=0,y=0)=>{m==0&&y==0?n(s,a,i,p,c):(m=Mt(m,p/2,c/2),y=Mt(y,p/2,c/2),t(s,a+m,i),l(s,a+p,i,a+p,i+c,m),l(s,a+p,i+c,a,i+c,y),l(s,a,i+c,a,i,y),l(s,a,i,a+p,i,m),s.closePath())}}var Rr=(e,t,l)=>{e.moveTo(t,l)},_r=(e,t,l)=>{e.moveTo(l,t)},Qn=(e,t,l)=>{e.lineTo(t,l)},Un=(e,t,l)=>{e.lineTo(l,t)},$r=si(0),Gl=si(1),oi=(e,t,l,n,s,a)=>{e.arc(t,l,n,s,a)},ii=(e,t,l,n,s,a)=>{e.arc(l,t,n,s,a)},ai=(e,t,l,n,s,a,i)=>{e.bezierCurveTo(t,l,n,s,a,i)},ui=(e,t,l,n,s,a,i)=>{e.bezierCurveTo(l,t,s,n,i,a)};function ci(e){return(t,l,n,s,a)=>pn(t,l,(i,p,c,m,y,g,b,x,w,A,M)=>{let{pxRound:k,points:T}=i,R,L;m.ori==0?(R=Rr,L=oi):(R=_r,L=ii);let Y=ge(T.width*ue,3),z=(T.size-T.width)/2*ue,F=ge(z*2,3),Q=new Path2D,I=new Path2D,{left:$,top:D,width:W,height:_}=t.bbox;$r(I,$-F,D-F,W+F*2,_+F*2);let H=U=>{if(c[U]!=null){let J=k(g(p[U],m,A,x)),O=k(b(c[U],y,M,w));R(Q,J+z,O),L(Q,J,O,z,0,xr*2)}};if(a)a.forEach(H);else for(let U=n;U<=s;U++)H(U);return{stroke:Y>0?Q:null,fill:Q,clip:I,flags:Hn|Ml}})}function fi(e){return(t,l,n,s,a,i)=>{n!=s&&(a!=n&&i!=n&&e(t,l,n),a!=s&&i!=s&&e(t,l,s),e(t,l,i))}}var Qu=fi(Qn),Uu=fi(Un);function di(e){let t=ie(e?.alignGaps,0);return(l,n,s,a)=>pn(l,n,(i,p,c,m,y,g,b,x,w,A,M)=>{[s,a]=Mr(c,s,a);let k=i.pxRound,T=_=>k(g(_,m,A,x)),R=_=>k(b(_,y,M,w)),L,Y;m.ori==0?(L=Qn,Y=Qu):(L=Un,Y=Uu);let z=m.dir*(m.ori==0?1:-1),F={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:Hn},Q=F.stroke,I=!1;if(a-s>=A*4){let _=B=>l.posToVal(B,m.key,!0),H=null,U=null,J,O,ce,ne=T(p[z==1?s:a]),te=T(p[s]),X=T(p[a]),ee=_(z==1?te+1:X-1);for(let B=z==1?s:a;B>=s&&B<=a;B+=z){let Me=p[B],de=(z==1?Me<ee:Me>ee)?ne:T(Me),se=c[B];de==ne?se!=null?(O=se,H==null?(L(Q,de,R(O)),J=H=U=O):O<H?H=O:O>U&&(U=O)):se===null&&(I=!0):(H!=null&&Y(Q,ne,R(H),R(U),R(J),R(O)),se!=null?(O=se,L(Q,de,R(O)),H=U=J=O):(H=U=null,se===null&&(I=!0)),ne=de,ee=_(ne+z))}H!=null&&H!=U&&ce!=ne&&Y(Q,ne,R(H),R(U),R(J),R(O))}else for(let _=z==1?s:a;_>=s&&_<=a;_+=z){let H=c[_];H===null?I=!0:H!=null&&L(Q,T(p[_]),R(H))}let[D,W]=zl(l,n);if(i.fill!=null||D!=0){let _=F.fill=new Path2D(Q),H=i.fillTo(l,n,i.min,i.max,D),U=R(H),J=T(p[s]),O=T(p[a]);z==-1&&([O,J]=[J,O]),L(_,O,U),L(_,J,U)}if(!i.spanGaps){let _=[];I&&_.push(...Hl(p,c,s,a,z,T,t)),F.gaps=_=i.gaps(l,n,s,a,_),F.clip=Cr(_,m.ori,x,w,A,M)}return W!=0&&(F.band=W==2?[zt(l,n,s,a,Q,-1),zt(l,n,s,a,Q,1)]:zt(l,n,s,a,Q,W)),F})}function Wu(e){let t=ie(e.align,1),l=ie(e.ascDesc,!1),n=ie(e.alignGaps,0),s=ie(e.extend,!1);return(a,i,p,c)=>pn(a,i,(m,y,g,b,x,w,A,M,k,T,R)=>{[p,c]=Mr(g,p,c);let L=m.pxRound,{left:Y,width:z}=a.bbox,F=te=>L(w(te,b,T,M)),Q=te=>L(A(te,x,R,k)),I=b.ori==0?Qn:Un,$={stroke:new Path2D,fill:null,clip:null,band:null,gaps:null,flags:Hn},D=$.stroke,W=b.dir*(b.ori==0?1:-1),_=Q(g[W==1?p:c]),H=F(y[W==1?p:c]),U=H,J=H;s&&t==-1&&(J=Y,I(D,J,_)),I(D,H,_);for(let te=W==1?p:c;te>=p&&te<=c;te+=W){let X=g[te];if(X==null)continue;let ee=F(y[te]),B=Q(X);t==1?I(D,ee,_):I(D,U,B),I(D,ee,B),_=B,U=ee}let O=U;s&&t==1&&(O=Y+z,I(D,O,_));let[ce,ne]=zl(a,i);if(m.fill!=null||ce!=0){let te=$.fill=new Path2D(D),X=m.fillTo(a,i,m.min,m.max,ce),ee=Q(X);I(te,O,ee),I(te,J,ee)}if(!m.spanGaps){let te=[];te.push(...Hl(y,g,p,c,W,F,n));let X=m.width*ue/2,ee=l||t==1?X:-X,B=l||t==-1?-X:X;te.forEach(Me=>{Me[0]+=ee,Me[1]+=B}),$.gaps=te=m.gaps(a,i,p,c,te),$.clip=Cr(te,b.ori,M,k,T,R)}return ne!=0&&($.band=ne==2?[zt(a,i,p,c,D,-1),zt(a,i,p,c,D,1)]:zt(a,i,p,c,D,ne)),$})}function Mo(e,t,l,n,s,a,i=me){if(e.length>1){let p=null;for(let c=0,m=1/0;c<e.length;c++)if(t[c]!==void 0){if(p!=null){let y=Pe(e[c]-e[p]);y<m&&(m=y,i=Pe(l(e[c],n,s,a)-l(e[p],n,s,a)))}p=c}}return i}function Bu(e){e=e||lr;let t=ie(e.size,[.6,me,1]),l=e.align||0,n=e.gap||0,s=e.radius;s=s==null?[0,0]:typeof s=="number"?[s,0]:s;let a=le(s),i=1-t[0],p=ie(t[1],me),c=ie(t[2],1),m=ie(e.disp,lr),y=ie(e.each,x=>{}),{fill:g,stroke:b}=m;return(x,w,A,M)=>pn(x,w,(k,T,R,L,Y,z,F,Q,I,$,D)=>{let W=k.pxRound,_=l,H=n*ue,U=p*ue,J=c*ue,O,ce;L.ori==0?[O,ce]=a(x,w):[ce,O]=a(x,w);let ne=L.dir*(L.ori==0?1:-1),te=L.ori==0?$r:Gl,X=L.ori==0?y:(V,he,_e,bn,Jt,At,Zt)=>{y(V,he,_e,Jt,bn,Zt,At)},ee=ie(x.bands,Il).find(V=>V.series[0]==w),B=ee!=null?ee.dir:0,Me=k.fillTo(x,w,k.min,k.max,B),Le=W(F(Me,Y,D,I)),de,se,vt,nt=$,Te=W(k.width*ue),Lt=!1,Nt=null,ct=null,Ht=null,mn=null;g!=null&&(Te==0||b!=null)&&(Lt=!0,Nt=g.values(x,w,A,M),ct=new Map,new Set(Nt).forEach(V=>{V!=null&&ct.set(V,new Path2D)}),Te>0&&(Ht=b.values(x,w,A,M),mn=new Map,new Set(Ht).forEach(V=>{V!=null&&mn.set(V,new Path2D)})));let{x0:gn,size:Wn}=m;if(gn!=null&&Wn!=null){_=1,T=gn.values(x,w,A,M),gn.unit==2&&(T=T.map(_e=>x.posToVal(Q+_e*$,L.key,!0)));let V=Wn.values(x,w,A,M);Wn.unit==2?se=V[0]*$:se=z(V[0],L,$,Q)-z(0,L,$,Q),nt=Mo(T,R,z,L,$,Q,nt),vt=nt-se+H}else nt=Mo(T,R,z,L,$,Q,nt),vt=nt*i+H,se=nt-vt;vt<1&&(vt=0),Te>=se/2&&(Te=0),vt<5&&(W=Io);let ir=vt>0,Kt=nt-vt-(ir?Te:0);se=W(Tl(Kt,J,U)),de=(_==0?se/2:_==ne?0:se)-_*ne*((_==0?H/2:0)+(ir?Te/2:0));let qe={stroke:null,fill:null,clip:null,band:null,gaps:null,flags:0},hn=Lt?null:new Path2D,Ft=null;if(ee!=null)Ft=x.data[ee.series[1]];else{let{y0:V,y1:he}=m;V!=null&&he!=null&&(R=he.values(x,w,A,M),Ft=V.values(x,w,A,M))}let Yt=O*se,Z=ce*se;for(let V=ne==1?A:M;V>=A&&V<=M;V+=ne){let he=R[V];if(he==null)continue;if(Ft!=null){let Ze=Ft[V]??0;if(he-Ze==0)continue;Le=F(Ze,Y,D,I)}let _e=L.distr!=2||m!=null?T[V]:V,bn=z(_e,L,$,Q),Jt=F(ie(he,Me),Y,D,I),At=W(bn-de),Zt=W(Je(Jt,Le)),rt=W(Mt(Jt,Le)),ft=Zt-rt;if(he!=null){let Ze=he<0?Z:Yt,wt=he<0?Yt:Z;Lt?(Te>0&&Ht[V]!=null&&te(mn.get(Ht[V]),At,rt+at(Te/2),se,Je(0,ft-Te),Ze,wt),Nt[V]!=null&&te(ct.get(Nt[V]),At,rt+at(Te/2),se,Je(0,ft-Te),Ze,wt)):te(hn,At,rt+at(Te/2),se,Je(0,ft-Te),Ze,wt),X(x,w,V,At-Te/2,rt,se+Te,ft)}}return Te>0?qe.stroke=Lt?mn:hn:Lt||(qe._fill=k.width==0?k._fill:k._stroke??k._fill,qe.width=0),qe.fill=Lt?ct:hn,qe})}function qu(e,t){let l=ie(t?.alignGaps,0);return(n,s,a,i)=>pn(n,s,(p,c,m,y,g,b,x,w,A,M,k)=>{[a,i]=Mr(m,a,i);let T=p.pxRound,R=O=>T(b(O,y,M,w)),L=O=>T(x(O,g,k,A)),Y,z,F;y.ori==0?(Y=Rr,F=Qn,z=ai):(Y=_r,F=Un,z=ui);let Q=y.dir*(y.ori==0?1:-1),I=R(c[Q==1?a:i]),$=I,D=[],W=[];for(let O=Q==1?a:i;O>=a&&O<=i;O+=Q)if(m[O]!=null){let ne=c[O],te=R(ne);D.push($=te),W.push(L(m[O]))}let _={stroke:e(D,W,Y,F,z,T),fill:null,clip:null,band:null,gaps:null,flags:Hn},H=_.stroke,[U,J]=zl(n,s);if(p.fill!=null||U!=0){let O=_.fill=new Path2D(H),ce=p.fillTo(n,s,p.min,p.max,U),ne=L(ce);F(O,$,ne),F(O,I,ne)}if(!p.spanGaps){let O=[];O.push(...Hl(c,m,a,i,Q,R,l)),_.gaps=O=p.gaps(n,s,a,i,O),_.clip=Cr(O,y.ori,w,A,M,k)}return J!=0&&(_.band=J==2?[zt(n,s,a,i,H,-1),zt(n,s,a,i,H,1)]:zt(n,s,a,i,H,J)),_})}function ju(e){return qu(Ku,e)}function Ku(e,t,l,n,s,a){let i=e.length;if(i<2)return null;let p=new Path2D;if(l(p,e[0],t[0]),i==2)n(p,e[1],t[1]);else{let c=Array(i),m=Array(i-1),y=Array(i-1),g=Array(i-1);for(let b=0;b<i-1;b++)y[b]=t[b+1]-t[b],g[b]=e[b+1]-e[b],m[b]=y[b]/g[b];c[0]=m[0];for(let b=1;b<i-1;b++)m[b]===0||m[b-1]===0||m[b-1]>0!=m[b]>0?c[b]=0:(c[b]=3*(g[b-1]+g[b])/((2*g[b]+g[b-1])/m[b-1]+(g[b]+2*g[b-1])/m[b]),isFinite(c[b])||(c[b]=0));c[i-1]=m[i-2];for(let b=0;b<i-1;b++)s(p,e[b]+g[b]/3,t[b]+c[b]*g[b]/3,e[b+1]-g[b]/3,t[b+1]-c[b+1]*g[b]/3,e[b+1],t[b+1])}return p}var Ll=new Set;function Lo(){for(let e of Ll)e.syncRect(!0)}Gn&&(fn(Da,Fn,Lo),fn(Ca,Fn,Lo,!0),fn(Tr,Fn,()=>{Ae.pxRatio=ue}));var Yu=di(),Ju=ci();function Ao(e,t,l,n){return(n?[e[0],e[1]].concat(e.slice(2)):[e[0]].concat(e.slice(1))).map((a,i)=>Al(a,i,t,l))}function Zu(e,t){return e.map((l,n)=>n==0?{}:Re({},t,l))}function Al(e,t,l,n){return Re({},t==0?l:n,e)}function pi(e,t,l){return t==null?Vn:[t,l]}var Xu=pi;function ec(e,t,l){return t==null?Vn:kr(t,l,$l,!0)}function mi(e,t,l,n){return t==null?Vn:Lr(t,l,e.scales[n].log,!1)}var tc=mi;function gi(e,t,l,n){return t==null?Vn:_l(t,l,e.scales[n].log,!1)}var nc=gi;function rc(e,t,l,n,s){let a=Je(so(e),so(t)),i=t-e,p=Et(s/n*i,l);do{let c=l[p],m=n*c/i;if(m>=s&&a+(c<5?jt.get(c):0)<=17)return[c,m]}while(++p<l.length);return[0,0]}function Do(e){let t,l;return e=e.replace(/(\d+)px/,(n,s)=>(t=$e((l=+s)*ue))+"px"),[e,t,l]}function lc(e){e.show&&[e.font,e.labelFont].forEach(t=>{let l=ge(t[2]*ue,1);t[0]=t[0].replace(/[0-9.]+px/,l+"px"),t[1]=l})}function Ae(e,t,l){let n={mode:ie(e.mode,1)},s=n.mode;function a(r,o,u,f){let h=o.valToPct(r);return f+u*(o.dir==-1?1-h:h)}function i(r,o,u,f){let h=o.valToPct(r);return f+u*(o.dir==-1?h:1-h)}function p(r,o,u,f){return o.ori==0?a(r,o,u,f):i(r,o,u,f)}n.valToPosH=a,n.valToPosV=i;let c=!1;n.status=0;let m=n.root=bt(fa);if(e.id!=null&&(m.id=e.id),it(m,e.class),e.title){let r=bt(ma,m);r.textContent=e.title}let y=kt("canvas"),g=n.ctx=y.getContext("2d"),b=bt(ga,m);fn("click",b,r=>{r.target===w&&(ye!=An||xe!=Dn)&&Ge.click(n,r)},!0);let x=n.under=bt(ha,b);b.appendChild(y);let w=n.over=bt(ba,b);e=zn(e);let A=+ie(e.pxAlign,1),M=Eo(A);(e.plugins||[]).forEach(r=>{r.opts&&(e=r.opts(n,e)||e)});let k=e.ms||.001,T=n.series=s==1?Ao(e.series||[],yo,To,!1):Zu(e.series||[null],xo),R=n.axes=Ao(e.axes||[],bo,wo,!0),L=n.scales={},Y=n.bands=e.bands||[];Y.forEach(r=>{r.fill=le(r.fill||null),r.dir=ie(r.dir,-1)});let z=s==2?T[1].facets[0].scale:T[0].scale,F={axes:qi,series:Gi},Q=(e.drawOrder||["axes","series"]).map(r=>F[r]);function I(r){let o=r.distr==3?u=>Vt(u>0?u:r.clamp(n,u,r.min,r.max,r.key)):r.distr==4?u=>gl(u,r.asinh):r.distr==100?u=>r.fwd(u):u=>u;return u=>{let f=o(u),{_min:h,_max:v}=r,S=v-h;return(f-h)/S}}function $(r){let o=L[r];if(o==null){let u=(e.scales||lr)[r]||lr;if(u.from!=null){$(u.from);let f=Re({},L[u.from],u,{key:r});f.valToPct=I(f),L[r]=f}else{o=L[r]=Re({},r==z?ri:zu,u),o.key=r;let f=o.time,h=o.range,v=qt(h);if((r!=z||s==2&&!f)&&(v&&(h[0]==null||h[1]==null)&&(h={min:h[0]==null?no:{mode:1,hard:h[0],soft:h[0]},max:h[1]==null?no:{mode:1,hard:h[1],soft:h[1]}},v=!1),!v&&Dr(h))){let S=h;h=(E,C,P)=>C==null?Vn:kr(C,P,S)}o.range=le(h||(f?Xu:r==z?o.distr==3?tc:o.distr==4?nc:pi:o.distr==3?mi:o.distr==4?gi:ec)),o.auto=le(v?!1:o.auto),o.clamp=le(o.clamp||Vu),o._min=o._max=null,o.valToPct=I(o)}}}$("x"),$("y"),s==1&&T.forEach(r=>{$(r.scale)}),R.forEach(r=>{$(r.scale)});for(let r in e.scales)$(r);let D=L[z],W=D.distr,_,H;D.ori==0?(it(m,da),_=a,H=i):(it(m,pa),_=i,H=a);let U={};for(let r in L){let o=L[r];(o.min!=null||o.max!=null)&&(U[r]={min:o.min,max:o.max},o.min=o.max=null)}let J=e.tzDate||(r=>new Date($e(r/k))),O=e.fmtDate||Nl,ce=k==1?du(J):gu(J),ne=mo(J,po(k==1?fu:mu,O)),te=ho(J,go(bu,O)),X=[],ee=n.legend=Re({},wu,e.legend),B=n.cursor=Re({},Mu,{drag:{y:s==2}},e.cursor),Me=ee.show,Le=B.show,de=ee.markers;ee.idxs=X,de.width=le(de.width),de.dash=le(de.dash),de.stroke=le(de.stroke),de.fill=le(de.fill);let se,vt,nt,Te=[],Lt=[],Nt,ct=!1,Ht={};if(ee.live){let r=T[1]?T[1].values:null;ct=r!=null,Nt=ct?r(n,1,0):{_:0};for(let o in Nt)Ht[o]=Cl}if(Me)if(se=kt("table",Ta,m),nt=kt("tbody",null,se),ee.mount(n,se),ct){vt=kt("thead",null,se,nt);let r=kt("tr",null,vt);kt("th",null,r);for(var mn in Nt)kt("th",Qs,r).textContent=mn}else it(se,Ea),ee.live&&it(se,ka);let gn={show:!0},Wn={show:!1};function ir(r,o){if(o==0&&(ct||!ee.live||s==2))return Vn;let u=[],f=kt("tr",Ma,nt,nt.childNodes[o]);it(f,r.class),r.show||it(f,cn);let h=kt("th",null,f);if(de.show){let E=bt(La,h);if(o>0){let C=de.width(n,o);C&&(E.style.border=C+"px "+de.dash(n,o)+" "+de.stroke(n,o)),E.style.background=de.fill(n,o)}}let v=bt(Qs,h);r.label instanceof HTMLElement?v.appendChild(r.label):v.textContent=r.label,o>0&&(de.show||(v.style.color=r.width>0?de.stroke(n,o):de.fill(n,o)),qe("click",h,E=>{if(B._lock)return;en(E);let C=T.indexOf(r);if((E.ctrlKey||E.metaKey)!=ee.isolate){let P=T.some((N,G)=>G>0&&G!=C&&N.show);T.forEach((N,G)=>{G>0&&Ct(G,P?G==C?gn:Wn:gn,!0,De.setSeries)})}else Ct(C,{show:!r.show},!0,De.setSeries)},!1),vn&&qe(qs,h,E=>{B._lock||(en(E),Ct(T.indexOf(r),Rn,!0,De.setSeries))},!1));for(var S in Nt){let E=kt("td",Aa,f);E.textContent="--",u.push(E)}return[f,u]}let Kt=new Map;function qe(r,o,u,f=!0){let h=Kt.get(o)||{},v=B.bind[r](n,o,u,f);v&&(fn(r,o,h[r]=v),Kt.set(o,h))}function hn(r,o,u){let f=Kt.get(o)||{};for(let h in f)(r==null||h==r)&&(xl(h,o,f[h]),delete f[h]);r==null&&Kt.delete(o)}let Ft=0,Yt=0,Z=0,V=0,he=0,_e=0,bn=he,Jt=_e,At=Z,Zt=V,rt=0,ft=0,Ze=0,wt=0;n.bbox={};let Vr=!1,ar=!1,yn=!1,Xt=!1,ur=!1,dt=!1;function zr(r,o,u){(u||r!=n.width||o!=n.height)&&Yl(r,o),kn(!1),yn=!0,ar=!0,En()}function Yl(r,o){n.width=Ft=Z=r,n.height=Yt=V=o,he=_e=0,Ii(),Ni();let u=n.bbox;rt=u.left=an(he*ue,.5),ft=u.top=an(_e*ue,.5),Ze=u.width=an(Z*ue,.5),wt=u.height=an(V*ue,.5)}let _i=3;function $i(){let r=!1,o=0;for(;!r;){o++;let u=Wi(o),f=Bi(o);r=o==_i||u&&f,r||(Yl(n.width,n.height),ar=!0)}}function Pi({width:r,height:o}){zr(r,o)}n.setSize=Pi;function Ii(){let r=!1,o=!1,u=!1,f=!1;R.forEach((h,v)=>{if(h.show&&h._show){let{side:S,_size:E}=h,C=S%2,P=h.label!=null?h.labelSize:0,N=E+P;N>0&&(C?(Z-=N,S==3?(he+=N,f=!0):u=!0):(V-=N,S==0?(_e+=N,r=!0):o=!0))}}),tn[0]=r,tn[1]=u,tn[2]=o,tn[3]=f,Z-=Gt[1]+Gt[3],he+=Gt[3],V-=Gt[2]+Gt[0],_e+=Gt[0]}function Ni(){let r=he+Z,o=_e+V,u=he,f=_e;function h(v,S){switch(v){case 1:return r+=S,r-S;case 2:return o+=S,o-S;case 3:return u-=S,u+S;case 0:return f-=S,f+S}}R.forEach((v,S)=>{if(v.show&&v._show){let E=v.side;v._pos=h(E,v._size),v.label!=null&&(v._lpos=h(E,v.labelSize))}})}if(B.dataIdx==null){let r=B.hover,o=r.skip=new Set(r.skip??[]);o.add(void 0);let u=r.prox=le(r.prox),f=r.bias??=0;B.dataIdx=(h,v,S,E)=>{if(v==0)return S;let C=S,P=u(h,v,S,E)??me,N=P>=0&&P<me,G=D.ori==0?Z:V,K=B.left,ae=t[0],oe=t[v];if(o.has(oe[S])){C=null;let re=null,j=null,q;if(f==0||f==-1)for(q=S;re==null&&q-- >0;)o.has(oe[q])||(re=q);if(f==0||f==1)for(q=S;j==null&&q++<oe.length;)o.has(oe[q])||(j=q);if(re!=null||j!=null)if(N){let we=re==null?-1/0:_(ae[re],D,G,0),ke=j==null?1/0:_(ae[j],D,G,0),ze=K-we,pe=ke-K;ze<=pe?ze<=P&&(C=re):pe<=P&&(C=j)}else C=j==null?re:re==null?j:S-re<=j-S?re:j}else N&&Pe(K-_(ae[S],D,G,0))>P&&(C=null);return C}}let en=r=>{B.event=r};B.idxs=X,B._lock=!1;let We=B.points;We.show=le(We.show),We.size=le(We.size),We.stroke=le(We.stroke),We.width=le(We.width),We.fill=le(We.fill);let Dt=n.focus=Re({},e.focus||{alpha:.3},B.focus),vn=Dt.prox>=0,wn=vn&&We.one,pt=[],Sn=[],xn=[];function Jl(r,o){let u=We.show(n,o);if(u instanceof HTMLElement)return it(u,xa),it(u,r.class),Pt(u,-10,-10,Z,V),w.insertBefore(u,pt[o]),u}function Zl(r,o){if(s==1||o>0){let u=s==1&&L[r.scale].time,f=r.value;r.value=u?ao(f)?ho(J,go(f,O)):f||te:f||Nu,r.label=r.label||(u?Au:Lu)}if(wn||o>0){r.width=r.width==null?1:r.width,r.paths=r.paths||Yu||za,r.fillTo=le(r.fillTo||Hu),r.pxAlign=+ie(r.pxAlign,A),r.pxRound=Eo(r.pxAlign),r.stroke=le(r.stroke||null),r.fill=le(r.fill||null),r._stroke=r._fill=r._paths=r._focus=null;let u=Fu(Je(1,r.width),1),f=r.points=Re({},{size:u,width:Je(1,u*.2),stroke:r.stroke,space:u*2,paths:Ju,_stroke:null,_fill:null},r.points);f.show=le(f.show),f.filter=le(f.filter),f.fill=le(f.fill),f.stroke=le(f.stroke),f.paths=le(f.paths),f.pxAlign=r.pxAlign}if(Me){let u=ir(r,o);Te.splice(o,0,u[0]),Lt.splice(o,0,u[1]),ee.values.push(null)}if(Le){X.splice(o,0,null);let u=null;wn?o==0&&(u=Jl(r,o)):o>0&&(u=Jl(r,o)),pt.splice(o,0,u),Sn.splice(o,0,0),xn.splice(o,0,0)}Ve("addSeries",o)}function Fi(r,o){o=o??T.length,r=s==1?Al(r,o,yo,To):Al(r,o,{},xo),T.splice(o,0,r),Zl(T[o],o)}n.addSeries=Fi;function Oi(r){if(T.splice(r,1),Me){ee.values.splice(r,1),Lt.splice(r,1);let o=Te.splice(r,1)[0];hn(null,o.firstChild),o.remove()}Le&&(X.splice(r,1),pt.splice(r,1)[0].remove(),Sn.splice(r,1),xn.splice(r,1)),Ve("delSeries",r)}n.delSeries=Oi;let tn=[!1,!1,!1,!1];function Vi(r,o){if(r._show=r.show,r.show){let u=r.side%2,f=L[r.scale];f==null&&(r.scale=u?T[1].scale:z,f=L[r.scale]);let h=f.time;r.size=le(r.size),r.space=le(r.space),r.rotate=le(r.rotate),qt(r.incrs)&&r.incrs.forEach(S=>{!jt.has(S)&&jt.set(S,Oo(S))}),r.incrs=le(r.incrs||(f.distr==2?au:h?k==1?cu:pu:un)),r.splits=le(r.splits||(h&&f.distr==1?ce:f.distr==3?kl:f.distr==4?Ru:Cu)),r.stroke=le(r.stroke),r.grid.stroke=le(r.grid.stroke),r.ticks.stroke=le(r.ticks.stroke),r.border.stroke=le(r.border.stroke);let v=r.values;r.values=qt(v)&&!qt(v[0])?le(v):h?qt(v)?mo(J,po(v,O)):ao(v)?hu(J,v):v||ne:v||Du,r.filter=le(r.filter||(f.distr>=3&&f.log==10?Pu:f.distr==3&&f.log==2?Iu:No)),r.font=Do(r.font),r.labelFont=Do(r.labelFont),r._size=r.size(n,null,o,0),r._space=r._rotate=r._incrs=r._found=r._splits=r._values=null,r._size>0&&(tn[o]=!0,r._el=bt(ya,b))}}function Bn(r,o,u,f){let[h,v,S,E]=u,C=o%2,P=0;return C==0&&(E||v)&&(P=o==0&&!h||o==2&&!S?$e(bo.size/3):0),C==1&&(h||S)&&(P=o==1&&!v||o==3&&!E?$e(wo.size/2):0),P}let Xl=n.padding=(e.padding||[Bn,Bn,Bn,Bn]).map(r=>le(ie(r,Bn))),Gt=n._padding=Xl.map((r,o)=>r(n,o,tn,0)),He,Ie=null,Ne=null,cr=s==1?T[0].idxs:null,St=null,qn=!1;function es(r,o){if(t=r??[],n.data=n._data=t,s==2){He=0;for(let u=1;u<T.length;u++)He+=t[u][0].length}else{t.length==0&&(n.data=n._data=t=[[]]),St=t[0],He=St.length;let u=t;if(W==2){u=t.slice();let f=u[0]=Array(He);for(let h=0;h<He;h++)f[h]=h}n._data=t=u}if(kn(!0),Ve("setData"),W==2&&(yn=!0),o!==!1){let u=D;u.auto(n,qn)?Hr():Ut(z,u.min,u.max),Xt=Xt||B.left>=0,dt=!0,En()}}n.setData=es;function Hr(){qn=!0;let r,o;s==1&&(He>0?(Ie=cr[0]=0,Ne=cr[1]=He-1,r=t[0][Ie],o=t[0][Ne],W==2?(r=Ie,o=Ne):r==o&&(W==3?[r,o]=Lr(r,r,D.log,!1):W==4?[r,o]=_l(r,r,D.log,!1):D.time?o=r+$e(86400/k):[r,o]=kr(r,o,$l,!0))):(Ie=cr[0]=r=null,Ne=cr[1]=o=null)),Ut(z,r,o)}let fr,Tn,Gr,Qr,Ur,Wr,Br,qr,jr,Xe;function ts(r,o,u,f,h,v){r??=Ws,u??=Il,f??="butt",h??=Ws,v??="round",r!=fr&&(g.strokeStyle=fr=r),h!=Tn&&(g.fillStyle=Tn=h),o!=Gr&&(g.lineWidth=Gr=o),v!=Ur&&(g.lineJoin=Ur=v),f!=Wr&&(g.lineCap=Wr=f),u!=Qr&&g.setLineDash(Qr=u)}function ns(r,o,u,f){o!=Tn&&(g.fillStyle=Tn=o),r!=Br&&(g.font=Br=r),u!=qr&&(g.textAlign=qr=u),f!=jr&&(g.textBaseline=jr=f)}function Kr(r,o,u,f,h=0){if(f.length>0&&r.auto(n,qn)&&(o==null||o.min==null)){let v=ie(Ie,0),S=ie(Ne,f.length-1),E=u.min==null?Pa(f,v,S,h,r.distr==3):[u.min,u.max];r.min=Mt(r.min,u.min=E[0]),r.max=Je(r.max,u.max=E[1])}}let rs={min:null,max:null};function zi(){for(let f in L){let h=L[f];U[f]==null&&(h.min==null||U[z]!=null&&h.auto(n,qn))&&(U[f]=rs)}for(let f in L){let h=L[f];U[f]==null&&h.from!=null&&U[h.from]!=null&&(U[f]=rs)}U[z]!=null&&kn(!0);let r={};for(let f in U){let h=U[f];if(h!=null){let v=r[f]=zn(L[f],Qa);if(h.min!=null)Re(v,h);else if(f!=z||s==2)if(He==0&&v.from==null){let S=v.range(n,null,null,f);v.min=S[0],v.max=S[1]}else v.min=me,v.max=-me}}if(He>0){T.forEach((f,h)=>{if(s==1){let v=f.scale,S=U[v];if(S==null)return;let E=r[v];if(h==0){let C=E.range(n,E.min,E.max,v);E.min=C[0],E.max=C[1],Ie=Et(E.min,t[0]),Ne=Et(E.max,t[0]),Ne-Ie>1&&(t[0][Ie]<E.min&&Ie++,t[0][Ne]>E.max&&Ne--),f.min=St[Ie],f.max=St[Ne]}else f.show&&f.auto&&Kr(E,S,f,t[h],f.sorted);f.idxs[0]=Ie,f.idxs[1]=Ne}else if(h>0&&f.show&&f.auto){let[v,S]=f.facets,E=v.scale,C=S.scale,[P,N]=t[h],G=r[E],K=r[C];G!=null&&Kr(G,U[E],v,P,v.sorted),K!=null&&Kr(K,U[C],S,N,S.sorted),f.min=S.min,f.max=S.max}});for(let f in r){let h=r[f],v=U[f];if(h.from==null&&(v==null||v.min==null)){let S=h.range(n,h.min==me?null:h.min,h.max==-me?null:h.max,f);h.min=S[0],h.max=S[1]}}}for(let f in r){let h=r[f];if(h.from!=null){let v=r[h.from];if(v.min==null)h.min=h.max=null;else{let S=h.range(n,v.min,v.max,f);h.min=S[0],h.max=S[1]}}}let o={},u=!1;for(let f in r){let h=r[f],v=L[f];if(v.min!=h.min||v.max!=h.max){v.min=h.min,v.max=h.max;let S=v.distr;v._min=S==3?Vt(v.min):S==4?gl(v.min,v.asinh):S==100?v.fwd(v.min):v.min,v._max=S==3?Vt(v.max):S==4?gl(v.max,v.asinh):S==100?v.fwd(v.max):v.max,o[f]=u=!0}}if(u){T.forEach((f,h)=>{s==2?h>0&&o.y&&(f._paths=null):o[f.scale]&&(f._paths=null)});for(let f in o)yn=!0,Ve("setScale",f);Le&&B.left>=0&&(Xt=dt=!0)}for(let f in U)U[f]=null}function Hi(r){let o=Tl(Ie-1,0,He-1),u=Tl(Ne+1,0,He-1);for(;r[o]==null&&o>0;)o--;for(;r[u]==null&&u<He-1;)u++;return[o,u]}function Gi(){if(He>0){let r=T.some(o=>o._focus)&&Xe!=Dt.alpha;r&&(g.globalAlpha=Xe=Dt.alpha),T.forEach((o,u)=>{if(u>0&&o.show&&(ls(u,!1),ls(u,!0),o._paths==null)){let f=Xe;Xe!=o.alpha&&(g.globalAlpha=Xe=o.alpha);let h=s==2?[0,t[u][0].length-1]:Hi(t[u]);o._paths=o.paths(n,u,h[0],h[1]),Xe!=f&&(g.globalAlpha=Xe=f)}}),T.forEach((o,u)=>{if(u>0&&o.show){let f=Xe;Xe!=o.alpha&&(g.globalAlpha=Xe=o.alpha),o._paths!=null&&ss(u,!1);{let h=o._paths!=null?o._paths.gaps:null,v=o.points.show(n,u,Ie,Ne,h),S=o.points.filter(n,u,v,h);(v||S)&&(o.points._paths=o.points.paths(n,u,Ie,Ne,S),ss(u,!0))}Xe!=f&&(g.globalAlpha=Xe=f),Ve("drawSeries",u)}}),r&&(g.globalAlpha=Xe=1)}}function ls(r,o){let u=o?T[r].points:T[r];u._stroke=u.stroke(n,r),u._fill=u.fill(n,r)}function ss(r,o){let u=o?T[r].points:T[r],{stroke:f,fill:h,clip:v,flags:S,_stroke:E=u._stroke,_fill:C=u._fill,_width:P=u.width}=u._paths;P=ge(P*ue,3);let N=null,G=P%2/2;o&&C==null&&(C=P>0?"#fff":E);let K=u.pxAlign==1&&G>0;if(K&&g.translate(G,G),!o){let ae=rt-P/2,oe=ft-P/2,re=Ze+P,j=wt+P;N=new Path2D,N.rect(ae,oe,re,j)}o?Yr(E,P,u.dash,u.cap,C,f,h,S,v):Qi(r,E,P,u.dash,u.cap,C,f,h,S,N,v),K&&g.translate(-G,-G)}function Qi(r,o,u,f,h,v,S,E,C,P,N){let G=!1;C!=0&&Y.forEach((K,ae)=>{if(K.series[0]==r){let oe=T[K.series[1]],re=t[K.series[1]],j=(oe._paths||lr).band;qt(j)&&(j=K.dir==1?j[0]:j[1]);let q,we=null;oe.show&&j&&Na(re,Ie,Ne)?(we=K.fill(n,ae)||v,q=oe._paths.clip):j=null,Yr(o,u,f,h,we,S,E,C,P,N,q,j),G=!0}}),G||Yr(o,u,f,h,v,S,E,C,P,N)}let os=Hn|Ml;function Yr(r,o,u,f,h,v,S,E,C,P,N,G){ts(r,o,u,f,h),(C||P||G)&&(g.save(),C&&g.clip(C),P&&g.clip(P)),G?(E&os)==os?(g.clip(G),N&&g.clip(N),pr(h,S),dr(r,v,o)):E&Ml?(pr(h,S),g.clip(G),dr(r,v,o)):E&Hn&&(g.save(),g.clip(G),N&&g.clip(N),pr(h,S),g.restore(),dr(r,v,o)):(pr(h,S),dr(r,v,o)),(C||P||G)&&g.restore()}function dr(r,o,u){u>0&&(o instanceof Map?o.forEach((f,h)=>{g.strokeStyle=fr=h,g.stroke(f)}):o!=null&&r&&g.stroke(o))}function pr(r,o){o instanceof Map?o.forEach((u,f)=>{g.fillStyle=Tn=f,g.fill(u)}):o!=null&&r&&g.fill(o)}function Ui(r,o,u,f){let h=R[r],v;if(f<=0)v=[0,0];else{let S=h._space=h.space(n,r,o,u,f),E=h._incrs=h.incrs(n,r,o,u,f,S);v=rc(o,u,E,f,S)}return h._found=v}function Jr(r,o,u,f,h,v,S,E,C,P){let N=S%2/2;A==1&&g.translate(N,N),ts(E,S,C,P,E),g.beginPath();let G,K,ae,oe,re=h+(f==0||f==3?-v:v);u==0?(K=h,oe=re):(G=h,ae=re);for(let j=0;j<r.length;j++)o[j]!=null&&(u==0?G=ae=r[j]:K=oe=r[j],g.moveTo(G,K),g.lineTo(ae,oe));g.stroke(),A==1&&g.translate(-N,-N)}function Wi(r){let o=!0;return R.forEach((u,f)=>{if(!u.show)return;let h=L[u.scale];if(h.min==null){u._show&&(o=!1,u._show=!1,kn(!1));return}else u._show||(o=!1,u._show=!0,kn(!1));let v=u.side,S=v%2,{min:E,max:C}=h,[P,N]=Ui(f,E,C,S==0?Z:V);if(N==0)return;let G=h.distr==2,K=u._splits=u.splits(n,f,E,C,P,N,G),ae=h.distr==2?K.map(q=>St[q]):K,oe=h.distr==2?St[K[1]]-St[K[0]]:P,re=u._values=u.values(n,u.filter(n,ae,f,N,oe),f,N,oe);u._rotate=v==2?u.rotate(n,re,f,N):0;let j=u._size;u._size=yt(u.size(n,re,f,r)),j!=null&&u._size!=j&&(o=!1)}),o}function Bi(r){let o=!0;return Xl.forEach((u,f)=>{let h=u(n,f,tn,r);h!=Gt[f]&&(o=!1),Gt[f]=h}),o}function qi(){for(let r=0;r<R.length;r++){let o=R[r];if(!o.show||!o._show)continue;let u=o.side,f=u%2,h,v,S=o.stroke(n,r),E=u==0||u==3?-1:1,[C,P]=o._found;if(o.label!=null){let Ke=o.labelGap*E,ot=$e((o._lpos+Ke)*ue);ns(o.labelFont[0],S,"center",u==2?"top":Us),g.save(),f==1?(h=v=0,g.translate(ot,$e(ft+wt/2)),g.rotate((u==3?-xr:xr)/2)):(h=$e(rt+Ze/2),v=ot);let ln=Po(o.label)?o.label(n,r,C,P):o.label;g.fillText(ln,h,v),g.restore()}if(P==0)continue;let N=L[o.scale],G=f==0?Ze:wt,K=f==0?rt:ft,ae=o._splits,oe=N.distr==2?ae.map(Ke=>St[Ke]):ae,re=N.distr==2?St[ae[1]]-St[ae[0]]:C,j=o.ticks,q=o.border,we=j.show?j.size:0,ke=$e(we*ue),ze=$e((o.alignTo==2?o._size-we-o.gap:o.gap)*ue),pe=o._rotate*-xr/180,Ee=M(o._pos*ue),lt=(ke+ze)*E,je=Ee+lt;v=f==0?je:0,h=f==1?je:0;let mt=o.font[0],xt=o.align==1?In:o.align==2?dl:pe>0?In:pe<0?dl:f==0?"center":u==3?dl:In,_t=pe||f==1?"middle":u==2?"top":Us;ns(mt,S,xt,_t);let st=o.font[1]*o.lineGap,gt=ae.map(Ke=>M(p(Ke,N,G,K))),Tt=o._values;for(let Ke=0;Ke<Tt.length;Ke++){let ot=Tt[Ke];if(ot!=null){f==0?h=gt[Ke]:v=gt[Ke],ot=""+ot;let ln=ot.indexOf(`
`)==-1?[ot]:ot.split(/\n/gm);for(let Ye=0;Ye<ln.length;Ye++){let Es=ln[Ye];pe?(g.save(),g.translate(h,v+Ye*st),g.rotate(pe),g.fillText(Es,0,0),g.restore()):g.fillText(Es,h,v+Ye*st)}}}j.show&&Jr(gt,j.filter(n,oe,r,P,re),f,u,Ee,ke,ge(j.width*ue,3),j.stroke(n,r),j.dash,j.cap);let $t=o.grid;$t.show&&Jr(gt,$t.filter(n,oe,r,P,re),f,f==0?2:1,f==0?ft:rt,f==0?wt:Ze,ge($t.width*ue,3),$t.stroke(n,r),$t.dash,$t.cap),q.show&&Jr([Ee],[1],f==0?1:0,f==0?1:2,f==1?ft:rt,f==1?wt:Ze,ge(q.width*ue,3),q.stroke(n,r),q.dash,q.cap)}Ve("drawAxes")}function kn(r){T.forEach((o,u)=>{u>0&&(o._paths=null,r&&(s==1?(o.min=null,o.max=null):o.facets.forEach(f=>{f.min=null,f.max=null})))})}let mr=!1,Zr=!1,jn=[];function ji(){Zr=!1;for(let r=0;r<jn.length;r++)Ve(...jn[r]);jn.length=0}function En(){mr||(Ya(is),mr=!0)}function Ki(r,o=!1){mr=!0,Zr=o,r(n),is(),o&&jn.length>0&&queueMicrotask(ji)}n.batch=Ki;function is(){if(Vr&&(zi(),Vr=!1),yn&&($i(),yn=!1),ar){if(Se(x,In,he),Se(x,"top",_e),Se(x,er,Z),Se(x,tr,V),Se(w,In,he),Se(w,"top",_e),Se(w,er,Z),Se(w,tr,V),Se(b,er,Ft),Se(b,tr,Yt),y.width=$e(Ft*ue),y.height=$e(Yt*ue),R.forEach(({_el:r,_show:o,_size:u,_pos:f,side:h})=>{if(r!=null)if(o){let v=h===3||h===0?u:0,S=h%2==1;Se(r,S?"left":"top",f-v),Se(r,S?"width":"height",u),Se(r,S?"top":"left",S?_e:he),Se(r,S?"height":"width",S?V:Z),Sl(r,cn)}else it(r,cn)}),fr=Tn=Gr=Ur=Wr=Br=qr=jr=Qr=null,Xe=1,Jn(!0),he!=bn||_e!=Jt||Z!=At||V!=Zt){kn(!1);let r=Z/At,o=V/Zt;if(Le&&!Xt&&B.left>=0){B.left*=r,B.top*=o,Mn&&Pt(Mn,$e(B.left),0,Z,V),Ln&&Pt(Ln,0,$e(B.top),Z,V);for(let u=0;u<pt.length;u++){let f=pt[u];f!=null&&(Sn[u]*=r,xn[u]*=o,Pt(f,yt(Sn[u]),yt(xn[u]),Z,V))}}if(ve.show&&!ur&&ve.left>=0&&ve.width>0){ve.left*=r,ve.width*=r,ve.top*=o,ve.height*=o;for(let u in ll)Se(Cn,u,ve[u])}bn=he,Jt=_e,At=Z,Zt=V}Ve("setSize"),ar=!1}Ft>0&&Yt>0&&(g.clearRect(0,0,y.width,y.height),Ve("drawClear"),Q.forEach(r=>r()),Ve("draw")),ve.show&&ur&&(gr(ve),ur=!1),Le&&Xt&&(rn(null,!0,!1),Xt=!1),ee.show&&ee.live&&dt&&(nl(),dt=!1),c||(c=!0,n.status=1,Ve("ready")),qn=!1,mr=!1}n.redraw=(r,o)=>{yn=o||!1,r!==!1?Ut(z,D.min,D.max):En()};function Xr(r,o){let u=L[r];if(u.from==null){if(He==0){let f=u.range(n,o.min,o.max,r);o.min=f[0],o.max=f[1]}if(o.min>o.max){let f=o.min;o.min=o.max,o.max=f}if(He>1&&o.min!=null&&o.max!=null&&o.max-o.min<1e-16)return;r==z&&u.distr==2&&He>0&&(o.min=Et(o.min,t[0]),o.max=Et(o.max,t[0]),o.min==o.max&&o.max++),U[r]=o,Vr=!0,En()}}n.setScale=Xr;let el,tl,Mn,Ln,as,us,An,Dn,cs,fs,ye,xe,Qt=!1,Ge=B.drag,Fe=Ge.x,Oe=Ge.y;Le&&(B.x&&(el=bt(wa,w)),B.y&&(tl=bt(Sa,w)),D.ori==0?(Mn=el,Ln=tl):(Mn=tl,Ln=el),ye=B.left,xe=B.top);let ve=n.select=Re({show:!0,over:!0,left:0,width:0,top:0,height:0},e.select),Cn=ve.show?bt(va,ve.over?w:x):null;function gr(r,o){if(ve.show){for(let u in r)ve[u]=r[u],u in ll&&Se(Cn,u,r[u]);o!==!1&&Ve("setSelect")}}n.setSelect=gr;function Yi(r){if(T[r].show)Me&&Sl(Te[r],cn);else if(Me&&it(Te[r],cn),Le){let u=wn?pt[0]:pt[r];u!=null&&Pt(u,-10,-10,Z,V)}}function Ut(r,o,u){Xr(r,{min:o,max:u})}function Ct(r,o,u,f){o.focus!=null&&ta(r),o.show!=null&&T.forEach((h,v)=>{v>0&&(r==v||r==null)&&(h.show=o.show,Yi(v),s==2?(Ut(h.facets[0].scale,null,null),Ut(h.facets[1].scale,null,null)):Ut(h.scale,null,null),En())}),u!==!1&&Ve("setSeries",r,o),f&&Zn("setSeries",n,r,o)}n.setSeries=Ct;function Ji(r,o){Re(Y[r],o)}function Zi(r,o){r.fill=le(r.fill||null),r.dir=ie(r.dir,-1),o=o??Y.length,Y.splice(o,0,r)}function Xi(r){r==null?Y.length=0:Y.splice(r,1)}n.addBand=Zi,n.setBand=Ji,n.delBand=Xi;function ea(r,o){T[r].alpha=o,Le&&pt[r]!=null&&(pt[r].style.opacity=o),Me&&Te[r]&&(Te[r].style.opacity=o)}let Ot,Wt,nn,Rn={focus:!0};function ta(r){if(r!=nn){let o=r==null,u=Dt.alpha!=1;T.forEach((f,h)=>{if(s==1||h>0){let v=o||h==0||h==r;f._focus=o?null:v,u&&ea(h,v?1:Dt.alpha)}}),nn=r,u&&En()}}Me&&vn&&qe(js,se,r=>{B._lock||(en(r),nn!=null&&Ct(null,Rn,!0,De.setSeries))});function Rt(r,o,u){let f=L[o];u&&(r=r/ue-(f.ori==1?_e:he));let h=Z;f.ori==1&&(h=V,r=h-r),f.dir==-1&&(r=h-r);let v=f._min,S=f._max,E=r/h,C=v+(S-v)*E,P=f.distr;return P==3?On(10,C):P==4?Oa(C,f.asinh):P==100?f.bwd(C):C}function na(r,o){let u=Rt(r,z,o);return Et(u,t[0],Ie,Ne)}n.valToIdx=r=>Et(r,t[0]),n.posToIdx=na,n.posToVal=Rt,n.valToPos=(r,o,u)=>L[o].ori==0?a(r,L[o],u?Ze:Z,u?rt:0):i(r,L[o],u?wt:V,u?ft:0),n.setCursor=(r,o,u)=>{ye=r.left,xe=r.top,rn(null,o,u)};function ds(r,o){Se(Cn,In,ve.left=r),Se(Cn,er,ve.width=o)}function ps(r,o){Se(Cn,"top",ve.top=r),Se(Cn,tr,ve.height=o)}let Kn=D.ori==0?ds:ps,Yn=D.ori==1?ds:ps;function ra(){if(Me&&ee.live)for(let r=s==2?1:0;r<T.length;r++){if(r==0&&ct)continue;let o=ee.values[r],u=0;for(let f in o)Lt[r][u++].firstChild.nodeValue=o[f]}}function nl(r,o){if(r!=null&&(r.idxs?r.idxs.forEach((u,f)=>{X[f]=u}):Ga(r.idx)||X.fill(r.idx),ee.idx=X[0]),Me&&ee.live){for(let u=0;u<T.length;u++)(u>0||s==1&&!ct)&&la(u,X[u]);ra()}dt=!1,o!==!1&&Ve("setLegend")}n.setLegend=nl;function la(r,o){let u=T[r],f=r==0&&W==2?St:t[r],h;ct?h=u.values(n,r,o)??Ht:(h=u.value(n,o==null?null:f[o],r,o),h=h==null?Ht:{_:h}),ee.values[r]=h}function rn(r,o,u){cs=ye,fs=xe,[ye,xe]=B.move(n,ye,xe),B.left=ye,B.top=xe,Le&&(Mn&&Pt(Mn,$e(ye),0,Z,V),Ln&&Pt(Ln,0,$e(xe),Z,V));let f,h=Ie>Ne;Ot=me,Wt=null;let v=D.ori==0?Z:V,S=D.ori==1?Z:V;if(ye<0||He==0||h){f=B.idx=null;for(let E=0;E<T.length;E++){let C=pt[E];C!=null&&Pt(C,-10,-10,Z,V)}vn&&Ct(null,Rn,!0,r==null&&De.setSeries),ee.live&&(X.fill(f),dt=!0)}else{let E,C,P;s==1&&(E=D.ori==0?ye:xe,C=Rt(E,z),f=B.idx=Et(C,t[0],Ie,Ne),P=_(t[0][f],D,v,0));let N=-10,G=-10,K=0,ae=0,oe=!0,re="",j="";for(let q=s==2?1:0;q<T.length;q++){let we=T[q],ke=X[q],ze=ke==null?null:s==1?t[q][ke]:t[q][1][ke],pe=B.dataIdx(n,q,f,C),Ee=pe==null?null:s==1?t[q][pe]:t[q][1][pe];if(dt=dt||Ee!=ze||pe!=ke,X[q]=pe,q>0&&we.show){let lt=pe==null?-10:pe==f?P:_(s==1?t[0][pe]:t[q][0][pe],D,v,0),je=Ee==null?-10:H(Ee,s==1?L[we.scale]:L[we.facets[1].scale],S,0);if(vn&&Ee!=null){let mt=D.ori==1?ye:xe,xt=Pe(Dt.dist(n,q,pe,je,mt));if(xt<Ot){let _t=Dt.bias;if(_t!=0){let st=Rt(mt,we.scale),gt=Ee>=0?1:-1,Tt=st>=0?1:-1;Tt==gt&&(Tt==1?_t==1?Ee>=st:Ee<=st:_t==1?Ee<=st:Ee>=st)&&(Ot=xt,Wt=q)}else Ot=xt,Wt=q}}if(dt||wn){let mt,xt;D.ori==0?(mt=lt,xt=je):(mt=je,xt=lt);let _t,st,gt,Tt,$t,Ke,ot=!0,ln=We.bbox;if(ln!=null){ot=!1;let Ye=ln(n,q);gt=Ye.left,Tt=Ye.top,_t=Ye.width,st=Ye.height}else gt=mt,Tt=xt,_t=st=We.size(n,q);if(Ke=We.fill(n,q),$t=We.stroke(n,q),wn)q==Wt&&Ot<=Dt.prox&&(N=gt,G=Tt,K=_t,ae=st,oe=ot,re=Ke,j=$t);else{let Ye=pt[q];Ye!=null&&(Sn[q]=gt,xn[q]=Tt,to(Ye,_t,st,ot),Xs(Ye,Ke,$t),Pt(Ye,yt(gt),yt(Tt),Z,V))}}}}if(wn){let q=Dt.prox,we=nn==null?Ot<=q:Ot>q||Wt!=nn;if(dt||we){let ke=pt[0];ke!=null&&(Sn[0]=N,xn[0]=G,to(ke,K,ae,oe),Xs(ke,re,j),Pt(ke,yt(N),yt(G),Z,V))}}}if(ve.show&&Qt)if(r!=null){let[E,C]=De.scales,[P,N]=De.match,[G,K]=r.cursor.sync.scales,ae=r.cursor.drag;if(Fe=ae._x,Oe=ae._y,Fe||Oe){let{left:oe,top:re,width:j,height:q}=r.select,we=r.scales[G].ori,ke=r.posToVal,ze,pe,Ee,lt,je,mt=E!=null&&P(E,G),xt=C!=null&&N(C,K);mt&&Fe?(we==0?(ze=oe,pe=j):(ze=re,pe=q),Ee=L[E],lt=_(ke(ze,G),Ee,v,0),je=_(ke(ze+pe,G),Ee,v,0),Kn(Mt(lt,je),Pe(je-lt))):Kn(0,v),xt&&Oe?(we==1?(ze=oe,pe=j):(ze=re,pe=q),Ee=L[C],lt=H(ke(ze,K),Ee,S,0),je=H(ke(ze+pe,K),Ee,S,0),Yn(Mt(lt,je),Pe(je-lt))):Yn(0,S)}else sl()}else{let E=Pe(cs-as),C=Pe(fs-us);if(D.ori==1){let K=E;E=C,C=K}Fe=Ge.x&&E>=Ge.dist,Oe=Ge.y&&C>=Ge.dist;let P=Ge.uni;P!=null?Fe&&Oe&&(Fe=E>=P,Oe=C>=P,!Fe&&!Oe&&(C>E?Oe=!0:Fe=!0)):Ge.x&&Ge.y&&(Fe||Oe)&&(Fe=Oe=!0);let N,G;Fe&&(D.ori==0?(N=An,G=ye):(N=Dn,G=xe),Kn(Mt(N,G),Pe(G-N)),Oe||Yn(0,S)),Oe&&(D.ori==1?(N=An,G=ye):(N=Dn,G=xe),Yn(Mt(N,G),Pe(G-N)),Fe||Kn(0,v)),!Fe&&!Oe&&(Kn(0,0),Yn(0,0))}if(Ge._x=Fe,Ge._y=Oe,r==null){if(u){if(ks!=null){let[E,C]=De.scales;De.values[0]=E!=null?Rt(D.ori==0?ye:xe,E):null,De.values[1]=C!=null?Rt(D.ori==1?ye:xe,C):null}Zn(pl,n,ye,xe,Z,V,f)}if(vn){let E=u&&De.setSeries,C=Dt.prox;nn==null?Ot<=C&&Ct(Wt,Rn,!0,E):Ot>C?Ct(null,Rn,!0,E):Wt!=nn&&Ct(Wt,Rn,!0,E)}}dt&&(ee.idx=f,nl()),o!==!1&&Ve("setCursor")}let Bt=null;Object.defineProperty(n,"rect",{get(){return Bt==null&&Jn(!1),Bt}});function Jn(r=!1){r?Bt=null:(Bt=w.getBoundingClientRect(),Ve("syncRect",Bt))}function ms(r,o,u,f,h,v,S){B._lock||Qt&&r!=null&&r.movementX==0&&r.movementY==0||(rl(r,o,u,f,h,v,S,!1,r!=null),r!=null?rn(null,!0,!0):rn(o,!0,!1))}function rl(r,o,u,f,h,v,S,E,C){if(Bt==null&&Jn(!1),en(r),r!=null)u=r.clientX-Bt.left,f=r.clientY-Bt.top;else{if(u<0||f<0){ye=-10,xe=-10;return}let[P,N]=De.scales,G=o.cursor.sync,[K,ae]=G.values,[oe,re]=G.scales,[j,q]=De.match,we=o.axes[0].side%2==1,ke=D.ori==0?Z:V,ze=D.ori==1?Z:V,pe=we?v:h,Ee=we?h:v,lt=we?f:u,je=we?u:f;if(oe!=null?u=j(P,oe)?p(K,L[P],ke,0):-10:u=ke*(lt/pe),re!=null?f=q(N,re)?p(ae,L[N],ze,0):-10:f=ze*(je/Ee),D.ori==1){let mt=u;u=f,f=mt}}C&&(o==null||o.cursor.event.type==pl)&&((u<=1||u>=Z-1)&&(u=an(u,Z)),(f<=1||f>=V-1)&&(f=an(f,V))),E?(as=u,us=f,[An,Dn]=B.move(n,u,f)):(ye=u,xe=f)}let ll={width:0,height:0,left:0,top:0};function sl(){gr(ll,!1)}let gs,hs,bs,ys;function vs(r,o,u,f,h,v,S){Qt=!0,Fe=Oe=Ge._x=Ge._y=!1,rl(r,o,u,f,h,v,S,!0,!1),r!=null&&(qe(ml,vl,ws,!1),Zn(Bs,n,An,Dn,Z,V,null));let{left:E,top:C,width:P,height:N}=ve;gs=E,hs=C,bs=P,ys=N}function ws(r,o,u,f,h,v,S){Qt=Ge._x=Ge._y=!1,rl(r,o,u,f,h,v,S,!1,!0);let{left:E,top:C,width:P,height:N}=ve,G=P>0||N>0,K=gs!=E||hs!=C||bs!=P||ys!=N;if(G&&K&&gr(ve),Ge.setScale&&G&&K){let ae=E,oe=P,re=C,j=N;if(D.ori==1&&(ae=C,oe=N,re=E,j=P),Fe&&Ut(z,Rt(ae,z),Rt(ae+oe,z)),Oe)for(let q in L){let we=L[q];q!=z&&we.from==null&&we.min!=me&&Ut(q,Rt(re+j,q),Rt(re,q))}sl()}else B.lock&&(B._lock=!B._lock,rn(o,!0,r!=null));r!=null&&(hn(ml,vl),Zn(ml,n,ye,xe,Z,V,null))}function sa(r,o,u,f,h,v,S){if(B._lock)return;en(r);let E=Qt;if(Qt){let C=!0,P=!0,N=10,G,K;D.ori==0?(G=Fe,K=Oe):(G=Oe,K=Fe),G&&K&&(C=ye<=N||ye>=Z-N,P=xe<=N||xe>=V-N),G&&C&&(ye=ye<An?0:Z),K&&P&&(xe=xe<Dn?0:V),rn(null,!0,!0),Qt=!1}ye=-10,xe=-10,X.fill(null),rn(null,!0,!0),E&&(Qt=E)}function Ss(r,o,u,f,h,v,S){B._lock||(en(r),Hr(),sl(),r!=null&&Zn(Ks,n,ye,xe,Z,V,null))}function xs(){R.forEach(lc),zr(n.width,n.height,!0)}fn(Tr,Fn,xs);let _n={};_n.mousedown=vs,_n.mousemove=ms,_n.mouseup=ws,_n.dblclick=Ss,_n.setSeries=(r,o,u,f)=>{let h=De.match[2];u=h(n,o,u),u!=-1&&Ct(u,f,!0,!1)},Le&&(qe(Bs,w,vs),qe(pl,w,ms),qe(qs,w,r=>{en(r),Jn(!1)}),qe(js,w,sa),qe(Ks,w,Ss),Ll.add(n),n.syncRect=Jn);let hr=n.hooks=e.hooks||{};function Ve(r,o,u){Zr?jn.push([r,o,u]):r in hr&&hr[r].forEach(f=>{f.call(null,n,o,u)})}(e.plugins||[]).forEach(r=>{for(let o in r.hooks)hr[o]=(hr[o]||[]).concat(r.hooks[o])});let Ts=(r,o,u)=>u,De=Re({key:null,setSeries:!1,filters:{pub:oo,sub:oo},scales:[z,T[1]?T[1].scale:null],match:[io,io,Ts],values:[null,null]},B.sync);De.match.length==2&&De.match.push(Ts),B.sync=De;let ks=De.key,ol=li(ks);function Zn(r,o,u,f,h,v,S){De.filters.pub(r,o,u,f,h,v,S)&&ol.pub(r,o,u,f,h,v,S)}ol.sub(n);function oa(r,o,u,f,h,v,S){De.filters.sub(r,o,u,f,h,v,S)&&_n[r](null,o,u,f,h,v,S)}n.pub=oa;function ia(){ol.unsub(n),Ll.delete(n),Kt.clear(),xl(Tr,Fn,xs),m.remove(),se?.remove(),Ve("destroy")}n.destroy=ia;function il(){Ve("init",e,t),es(t||e.data,!1),U[z]?Xr(z,U[z]):Hr(),ur=ve.show&&(ve.width>0||ve.height>0),Xt=dt=!0,zr(e.width,e.height)}return T.forEach(Zl),R.forEach(Vi),l?l instanceof HTMLElement?(l.appendChild(m),il()):l(n,il):il(),n}Ae.assign=Re;Ae.fmtNum=Pl;Ae.rangeNum=kr;Ae.rangeLog=Lr;Ae.rangeAsinh=_l;Ae.orient=pn;Ae.pxRatio=ue;Ae.join=Ka;Ae.fmtDate=Nl,Ae.tzDate=ou;Ae.sync=li;{Ae.addGap=Gu,Ae.clipGaps=Cr;let e=Ae.paths={points:ci};e.linear=di,e.stepped=Wu,e.bars=Bu,e.spline=ju}function Pr(e,t){return getComputedStyle(document.documentElement).getPropertyValue(e).trim()||t}function hi(e){return[e.map(t=>Date.parse(t.timestamp)/1e3),e.map(t=>t.value)]}function bi(e,t,l){if(t.length===0)return`${e}: no data in the window`;let n=t.map(a=>a.value),s=l&&l!=="None"?` ${l}`:"";return`${e}: last ${ht(n[n.length-1])}${s}, min ${ht(Math.min(...n))}, max ${ht(Math.max(...n))} (${t.length} points)`}function sc(e,t){let l=Math.min(0,e),n=t>l?t:l+1,s=(n-l)*.1;return[l-s,n+s]}function Ql(e,t,l={}){let n=bi(e,t,l.unit),s=d("div",{class:"sparkline",role:"img","aria-label":n,title:n,"data-points":t.length});if(t.length===0)return s.append(d("span",{class:"muted"},"no data")),s;let a=Pr(l.tone==="alert"?"--alert":"--chart-line","#3b82f6");return new Ae({width:l.width??132,height:l.height??34,pxAlign:!1,cursor:{show:!1},select:{show:!1,left:0,top:0,width:0,height:0},legend:{show:!1},scales:{x:{time:!0},y:{range:(i,p,c)=>sc(p,c)}},axes:[{show:!1},{show:!1}],series:[{},l.bars?{stroke:a,fill:a,width:0,points:{show:!1},paths:Ae.paths.bars({size:[.8,8]})}:{stroke:a,width:1.5,fill:`${a}22`,points:{show:!1}}]},hi(t),s),s}function Ul(e,t,l){let n=bi(e,t,l.unit),s=d("figure",{class:"chart","data-points":t.length},d("figcaption",{},e,l.unit&&l.unit!=="None"?d("span",{class:"muted"},` (${l.unit})`):null)),a=d("div",{role:"img","aria-label":n});if(s.append(a),t.length===0)return a.append(d("p",{class:"muted empty-chart"},"No data in this window.")),s;let i=Pr(l.tone==="alert"?"--alert":"--chart-line","#3b82f6"),p=Pr("--muted","#666"),c=Pr("--grid","#8882"),m={stroke:p,grid:{stroke:c,width:1},ticks:{stroke:c,width:1}};return new Ae({width:l.width,height:l.height??180,scales:{x:{time:!0},y:{range:(y,g,b)=>[Math.min(0,g),b>g?b*1.05:g+1]}},axes:[m,{...m,size:56,values:(y,g)=>g.map(b=>ht(b))}],legend:{show:!0,live:!0},tzDate:y=>Ae.tzDate(new Date(y*1e3),"Etc/UTC"),series:[{label:"UTC"},l.bars?{label:e,stroke:i,fill:i,width:0,points:{show:!1},paths:Ae.paths.bars({size:[.8,12]}),value:(y,g)=>ht(g)}:{label:e,stroke:i,width:1.5,fill:`${i}22`,points:{show:!1},value:(y,g)=>ht(g)}]},hi(t),a),s}var yi=["15m","1h","3h","12h","24h","7d"];function vi(e){let t=e.get("from"),l=e.get("to");if(t){let s={from:t,...l?{to:l}:{}},a=i=>i.replace("T"," ").replace(/:00(\.000)?Z$/,"").replace(/Z$/,"");return{range:s,label:`${a(t)} – ${l?a(l):"now"} UTC`}}let n=e.get("last")??"1h";return{range:{last:n},label:`last ${n}`}}function wi(e){return e?e.slice(0,16):""}function Si(e){return e?`${e}:00.000Z`:void 0}function Ir(e,t){let l=e.has("from"),n=l?"custom":e.get("last")??"1h",s=m=>{let y=new URLSearchParams(e);y.delete("from"),y.delete("to"),y.set("last",m),t(y)},a=d("fieldset",{class:"range-picker"},d("legend",{class:"visually-hidden"},"Time range"));for(let m of yi){let y=`range-${m}`;a.append(d("input",{type:"radio",name:"range",id:y,value:m,checked:n===m,onchange:()=>s(m)}),d("label",{for:y},m))}let i=d("input",{type:"datetime-local",id:"range-from",value:wi(e.get("from")),required:!0}),p=d("input",{type:"datetime-local",id:"range-to",value:wi(e.get("to"))}),c=d("form",{class:"custom-range",onsubmit:m=>{m.preventDefault();let y=new URLSearchParams(e);y.delete("last");let g=Si(i.value),b=Si(p.value);g&&(y.set("from",g),b?y.set("to",b):y.delete("to"),t(y))}},d("label",{for:"range-from"},"From (UTC)"),i,d("label",{for:"range-to"},"To (UTC, empty: now)"),p,d("button",{type:"submit"},l?"Apply custom range":"Custom range"));return d("div",{class:"range-controls"},a,c)}function et(e,t){return e.filter(l=>l.path&&t.every((n,s)=>l.path[s]===n))}function tt(e,t){let l=e[0],n=l?.extensions?.code;return d("span",{class:"field-error",role:"note"},l?`${typeof n=="string"?`${n}: `:""}${l.message}`:t)}function Wl(){return new Promise(e=>requestAnimationFrame(()=>e()))}function oc(e,t,l){let n=d("td",{class:"metrics-cell"}),s=et(t,["services",l,"metrics"]);if(!e.metrics)return n.append(tt(s,"metrics unavailable")),n;e.metrics.length===0&&n.append(d("span",{class:"muted"},"no standard metrics for this resource type"));let a=d("ul",{class:"sparklines"});for(let i of e.metrics){let p=i.points.at(-1)?.value;a.append(d("li",{},d("span",{class:"metric-name"},i.metricName,d("span",{class:"muted"},` ${i.stat}`)),Ql(`${e.name} ${i.metricName} (${i.stat})`,i.points,{unit:i.unit}),d("span",{class:"metric-last"},p===void 0?"–":ht(p)),i.status!=="COMPLETE"?d("span",{class:"badge warn"},i.status.replace("_"," ").toLowerCase()):null))}return n.append(a),n}function ic(e,t,l,n){let s=d("td",{class:"traces-cell"});if(!e.traces)return s.append(tt(et(t,["services",l,"traces"]),"traces unavailable")),s;let{traces:a,truncated:i}=e.traces,p=`${a.length}${i?"+":""}`;return s.dataset.faultyTraces=String(a.length),s.append(d("span",{class:a.length?"count alert":"count"},p,d("span",{class:"visually-hidden"}," faulty traces"))),i&&s.append(d("span",{class:"muted"}," (more in the window)")),a.length&&s.append(d("ul",{class:"trace-links"},...a.map(c=>d("li",{},d("a",{href:Be(`trace/${encodeURIComponent(c.id)}`,{profile:n})},c.http?.status?`${c.http.status} `:"",c.http?.url?new URL(c.http.url,"http://x").pathname:c.id.slice(0,14)),d("span",{class:"muted"},` ${Qe(c.durationMs)}`))))),s}function ac(e,t,l,n){if(e.removeAttribute("aria-busy"),!("errorVolume"in t))return;let s=t.errorVolume;if(!s){be(e,tt(et(l,["services",n,"errorVolume"]),"ERROR count unavailable")),e.dataset.state="error";return}let a=s.reduce((i,p)=>i+p.count,0);e.dataset.state="ready",e.dataset.errorCount=String(a),be(e,d("span",{class:a?"count alert":"count"},ht(a),d("span",{class:"visually-hidden"}," ERROR lines")),Ql(`${t.name} ERROR lines per bucket`,s.map(i=>({timestamp:i.start,value:i.count})),{bars:!0,tone:a?"alert":"normal",width:110}))}async function xi(e){let{main:t,profile:l,range:n}=e;e.setTitle("Overview");let s=w=>location.hash=Be("overview",Object.fromEntries(w)),a=d("p",{class:"muted",id:"overview-status"},"Asking the gateway…"),i=d("table",{class:"overview","aria-describedby":"overview-status"},d("thead",{},d("tr",{},d("th",{scope:"col"},"Service"),d("th",{scope:"col"},"Standard metrics"),d("th",{scope:"col"},"ERROR lines"),d("th",{scope:"col"},"Faulty traces")))),p=d("tbody");i.append(p),be(t,d("div",{class:"page-head"},d("h1",{},"Overview",d("span",{class:"muted"},` · ${e.rangeLabel}`)),Ir(e.params,s)),a,i);let c=[],m=performance.now();performance.clearMarks();let y,g,b;await Pn(Ls,{profile:l,range:n},w=>{let A=w.data?.services??[];w.index===0&&(be(p,...A.map((M,k)=>{let T=d("td",{class:"errors-cell","aria-busy":"true","data-state":"pending"},d("span",{class:"muted"},"counting…"));c[k]=T;let R=(M.traces?.traces.length??0)>0;return d("tr",{"data-service":M.name,class:R?"incident":null},d("th",{scope:"row"},d("a",{href:Be(`service/${encodeURIComponent(M.name)}`,{profile:l,...Object.fromEntries(e.params)})},M.name),d("span",{class:"resource-type"},M.resourceType.toLowerCase())),oc(M,w.errors,k),T,ic(M,w.errors,k,l))})),A.length===0&&p.append(d("tr",{},d("td",{colspan:4},"This profile names no services."))),t.dataset.state="metrics",a.textContent=`${A.length} services; counting ERROR lines (Logs Insights)…`);for(let M of w.delivered){let k=M[1];M[0]==="services"&&typeof k=="number"&&A[k]&&(ac(c[k],A[k],w.errors,k),c[k].closest("tr")?.classList.toggle("incident",Number(c[k].dataset.errorCount??0)>0||(A[k].traces?.traces.length??0)>0))}b=w.cost,Wl().then(()=>{let M=performance.now()-m;w.index===0&&(y=M,performance.mark("tinkr:overview:first-paint",{detail:{ms:M}})),w.hasNext||(g=M,performance.mark("tinkr:overview:deferred-painted",{detail:{ms:M}})),e.reportCost("ConsoleOverview",w.cost,{firstPaintMs:y,deferredMs:g,deferredLabel:"ERROR counts"})})},e.signal),await Wl(),await Wl();let x=c.filter(w=>w.dataset.state==="ready").length;a.textContent=`${c.length} services; ERROR lines counted for ${x}.`,e.announce(`Overview loaded: ${c.length} services.`),e.reportCost("ConsoleOverview",b,{firstPaintMs:y,deferredMs:g,deferredLabel:"ERROR counts"})}async function Ti(e){e.setTitle("Service map"),be(e.main,d("h1",{},"Service map"),d("p",{class:"notice",role:"status","data-testid":"map-unavailable"},"This gateway does not offer Query.serviceMap yet, so there is no map to draw."))}var Bl=500;function uc(e){let t=e.clientWidth||960;return Math.max(300,Math.floor(t>=900?(t-90)/2:t-60))}function ki(e){return d("span",{class:`level level-${(e??"none").toLowerCase()}`},e??"–")}function Ei(e,t){return e?d("a",{href:Be(`trace/${encodeURIComponent(e)}`,{profile:t}),class:"trace-id"},e):"–"}function cc(e,t,l){let n=d("button",{type:"button",class:"toggle","aria-pressed":"false","aria-controls":"tail-lines"},"Live tail: off"),s=d("span",{class:"muted","data-testid":"tail-state"},"Not following new lines."),a=d("ol",{id:"tail-lines",class:"tail-lines",role:"log","aria-label":`New lines of ${e}`}),i,p=0,c=m=>{i?.(),i=void 0,n.setAttribute("aria-pressed","false"),n.textContent="Live tail: off",s.textContent=m};return n.addEventListener("click",()=>{if(i)return c(`Stopped after ${p} lines.`);n.setAttribute("aria-pressed","true"),n.textContent="Live tail: on",s.textContent="Following new lines (polled by the gateway every few seconds)…",i=Gs(Ds,{service:e,profile:t},{next:m=>{let y=m.tail;for(p++,a.prepend(d("li",{class:"tail-line"},d("time",{datetime:y.timestamp},sn(y.timestamp))," ",ki(y.level)," ",d("span",{class:"message"},y.message),y.traceId?d("span",{}," ",Ei(y.traceId,t)):null));a.childElementCount>Bl;)a.lastElementChild?.remove();s.textContent=`Following: ${p} new lines${p>Bl?` (showing the newest ${Bl})`:""}.`},error:m=>c(`The tail stopped: ${m instanceof Error?m.message:String(m)}`),complete:()=>c(`The gateway ended the tail after ${p} lines.`)})}),l.addEventListener("abort",()=>i?.()),d("section",{class:"panel","aria-labelledby":"tail-heading"},d("h2",{id:"tail-heading"},"Live tail"),d("div",{class:"row"},n,s),a)}function fc(e,t,l,n,s){let a=t.errorVolume,i=t.errorLogs,p=[];if(a?p.push(Ul("ERROR and FATAL lines per bucket",a.map(c=>({timestamp:c.start,value:c.count})),{width:s,height:120,bars:!0,tone:"alert"})):a===null&&p.push(tt(et(l,["service","errorVolume"]),"ERROR volume unavailable")),i){let c=d("table",{class:"log-table"},d("caption",{},`${i.events.length} newest ERROR/FATAL lines`,i.truncated?" (more matched: narrow the range to see older ones)":"",i.status==="PARTIAL"?" · the query timed out: lines found so far":""),d("thead",{},d("tr",{},d("th",{scope:"col"},"Time (UTC)"),d("th",{scope:"col"},"Level"),d("th",{scope:"col"},"Message"),d("th",{scope:"col",class:"trace-col"},"Trace"))),d("tbody",{},...i.events.map(m=>d("tr",{class:"log-row"},d("td",{},d("time",{datetime:m.timestamp},sn(m.timestamp))),d("td",{},ki(m.level)),d("td",{class:"message"},m.message),d("td",{},Ei(m.traceId,n))))));p.push(c,d("p",{class:"muted"},`Logs Insights matched ${ht(i.statistics.recordsMatched)} records, scanned ${yr(i.statistics.bytesScanned)} in ${i.logGroups.length} log groups.`))}else i===null&&p.push(tt(et(l,["service","errorLogs"]),"ERROR lines unavailable"));e.removeAttribute("aria-busy"),e.dataset.state="ready",be(e,d("h2",{},"Recent ERROR lines"),...p)}async function Mi(e){let{main:t,profile:l,range:n}=e,s=e.segments[0];if(!s){location.hash=Be("overview",Object.fromEntries(e.params));return}e.setTitle(s);let a=x=>location.hash=Be(`service/${encodeURIComponent(s)}`,Object.fromEntries(x)),i=d("section",{class:"panel","aria-labelledby":"metrics-heading"},d("h2",{id:"metrics-heading"},"Metrics"),d("p",{class:"muted"},"Loading…")),p=d("section",{class:"panel","aria-labelledby":"traces-heading"},d("h2",{id:"traces-heading"},"Faulty traces")),c=d("section",{class:"panel logs-panel","aria-busy":"true","data-state":"pending"},d("h2",{},"Recent ERROR lines"),d("p",{class:"muted"},"Logs Insights is running…")),m=d("div",{class:"page-head"},d("h1",{},s,d("span",{class:"muted"},` · ${e.rangeLabel}`)),Ir(e.params,a));be(t,m,i,c,p,cc(s,l,e.signal));let y=uc(t),g=performance.now(),b;await Pn(As,{name:s,profile:l,range:n},x=>{let w=x.data?.service,A=performance.now()-g;if(x.index===0){if(b=A,!w){be(t,m,tt(et(x.errors,["service"]),`No service ${s}.`));return}if(m.querySelector("h1")?.append(d("span",{class:"resource-type"},w.resourceType.toLowerCase()),w.repo?d("span",{class:"muted"},` ${w.repo}`):"",w.configured?"":d("span",{class:"badge warn"},"not in the profile (ad hoc)")),w.metrics){let M=d("div",{class:"chart-grid"});for(let k of w.metrics)M.append(Ul(`${k.metricName} (${k.stat}, ${k.period}s)`,k.points,{width:y,unit:k.unit}));be(i,d("h2",{id:"metrics-heading"},"Metrics"),w.metrics.length?M:d("p",{class:"muted"},"This resource type has no standard metrics."))}else be(i,d("h2",{id:"metrics-heading"},"Metrics"),tt(et(x.errors,["service","metrics"]),"metrics unavailable"));if(w.traces){let M=w.traces.traces;br(p,M.length?d("ul",{class:"trace-list"},...M.map(k=>d("li",{},d("a",{href:Be(`trace/${encodeURIComponent(k.id)}`,{profile:l})},k.id),` ${sn(k.startTime)} · ${Qe(k.durationMs)}`,k.http?` · ${k.http.method??""} ${k.http.url??""} → ${k.http.status??"?"}`:""))):d("p",{class:"muted"},"No trace with a fault in this service in the window."),w.traces.truncated?d("p",{class:"muted"},"More matched: narrow the range to see the rest."):null)}else p.append(tt(et(x.errors,["service","traces"]),"traces unavailable"));t.dataset.state="metrics"}w&&x.delivered.length&&fc(c,w,x.errors,l,Math.max(y,(t.clientWidth||y)-60)),e.reportCost("ConsoleService",x.cost,{firstPaintMs:b,...x.hasNext?{}:{deferredMs:A},deferredLabel:"ERROR lines"})},e.signal)}function dc(e,t){return e.endTime?Date.parse(e.endTime):t+(e.durationMs??0)}function pc(e){let t=new Map(e.map(c=>[c.id,c])),l=new Map,n=[];for(let c of e)if(c.parentId&&t.has(c.parentId)&&c.parentId!==c.id){let m=l.get(c.parentId)??[];m.push(c),l.set(c.parentId,m)}else n.push(c);let s=(c,m)=>Date.parse(c.startTime)-Date.parse(m.startTime)||c.id.localeCompare(m.id),a=[],i=new Set,p=(c,m)=>{if(i.has(c.id))return;i.add(c.id);let y=Date.parse(c.startTime);a.push({span:c,depth:m,service:t.get(c.segmentId)?.name??c.name,orphan:m===0&&!!c.parentId&&c.parentId!==c.id,startMs:y,endMs:dc(c,y)});for(let g of(l.get(c.id)??[]).sort(s))p(g,m+1)};for(let c of n.sort(s))p(c,0);for(let c of e)i.has(c.id)||p(c,0);return a}function Nr(e){return d("pre",{class:"json"},JSON.stringify(e,null,2))}function mc(e){let{span:t}=e,l=d("dl",{class:"span-details"}),n=(s,a)=>{a==null||a===""||l.append(d("dt",{},s),d("dd",{},a))};if(n("span id",d("code",{},t.id)),n("parent",t.parentId?d("code",{},t.parentId):"none (root)"),n("kind",`${t.kind.toLowerCase()}${t.inferred?" (inferred by X-Ray)":""}${t.inProgress?" · in progress":""}`),n("namespace",t.namespace),n("origin",t.origin),n("start",t.startTime),n("duration",Qe(t.durationMs)),t.http){let s=t.http;n("http",`${s.method??""} ${s.url??""} → ${s.status??"?"}${s.contentLength!=null?` · ${s.contentLength} B`:""}${s.clientIp?` · client ${s.clientIp}`:""}${s.userAgent?` · ${s.userAgent}`:""}`)}t.sql!=null&&n("sql",Nr(t.sql)),t.aws!=null&&n("aws",Nr(t.aws)),t.annotations!=null&&n("annotations",Nr(t.annotations)),t.metadata!=null&&n("metadata",Nr(t.metadata));for(let s of t.exceptions)n(s.remote?"exception (remote)":"exception",d("div",{class:"exception"},d("strong",{},s.type??"exception"),s.message?`: ${s.message}`:"",s.stack.length?d("ol",{class:"stack"},...s.stack.map(a=>d("li",{},d("code",{},`${a.label??"?"} ${a.path??""}${a.line!=null?`:${a.line}`:""}`)))):null));return l}function gc(e){let t=(l,n,s)=>l?d("abbr",{class:`mark mark-${s}`,title:s},n,d("span",{class:"visually-hidden"},` ${s}`)):null;return d("span",{class:"marks"},t(e.fault,"F","fault"),t(e.error,"E","error"),t(e.throttle,"T","throttle"),e.exceptions.length?d("span",{class:"mark mark-exception",title:`${e.exceptions.length} exceptions`},`!${e.exceptions.length}`,d("span",{class:"visually-hidden"}," exceptions")):null)}function Li(e){let t=pc(e),l=Math.min(...t.map(i=>i.startMs)),n=Math.max(...t.map(i=>i.endMs)),s=Math.max(n-l,1),a=d("tbody");return t.forEach((i,p)=>{let{span:c}=i,m=`span-details-${p}`,y=d("tr",{class:"span-detail-row",id:m,hidden:!0},d("td",{colspan:4},mc(i))),g=d("button",{type:"button",class:"span-toggle","aria-expanded":"false","aria-controls":m,style:null},d("span",{class:"span-name"},c.name));g.style.paddingInlineStart=`${.4+i.depth*1.1}rem`,g.addEventListener("click",()=>{let A=g.getAttribute("aria-expanded")!=="true";g.setAttribute("aria-expanded",String(A)),y.hidden=!A});let b=(i.startMs-l)/s*100,x=Math.max((i.endMs-i.startMs)/s*100,.3),w=d("div",{class:`bar${c.fault?" bar-fault":c.error?" bar-error":c.throttle?" bar-throttle":""}${c.kind==="SEGMENT"?" bar-segment":""}`});w.style.left=`${b}%`,w.style.width=`${Math.min(x,100-b)}%`,a.append(d("tr",{class:`span-row${c.fault?" fault":""}`,"data-span-id":c.id,"aria-level":i.depth+1},d("th",{scope:"row",class:"span-cell"},g,i.orphan?d("span",{class:"badge warn",title:`parent ${c.parentId} is not in the trace`},"orphan"):null),d("td",{class:"span-service"},i.service,c.inferred?d("span",{class:"muted"}," (inferred)"):null),d("td",{class:"span-marks"},gc(c)),d("td",{class:"span-timeline","aria-label":`starts at +${Qe(i.startMs-l)}, takes ${Qe(c.durationMs)}`},d("div",{class:"track"},w),d("span",{class:"span-duration"},Qe(c.durationMs)))),y)}),a.addEventListener("keydown",i=>{if(i.key!=="ArrowDown"&&i.key!=="ArrowUp")return;let p=[...a.querySelectorAll(".span-toggle")],c=p.indexOf(document.activeElement);c<0||(i.preventDefault(),p[Math.min(Math.max(c+(i.key==="ArrowDown"?1:-1),0),p.length-1)]?.focus())}),d("table",{class:"waterfall","data-span-count":t.length},d("caption",{class:"visually-hidden"},`Span tree: ${t.length} spans over ${Qe(s)}. Open a span for its details; arrow keys move between spans.`),d("thead",{},d("tr",{},d("th",{scope:"col"},"Span"),d("th",{scope:"col"},"Service"),d("th",{scope:"col"},"Marks"),d("th",{scope:"col"},`Timeline (${Qe(s)})`))),a)}async function Ai(e){let{main:t,profile:l}=e,n=e.segments[0];if(!n){location.hash=Be("overview",Object.fromEntries(e.params));return}e.setTitle(`Trace ${n}`);let s=d("section",{class:"panel logs-panel","aria-busy":"true","data-state":"pending"},d("h2",{},"Log lines of this trace"),d("p",{class:"muted"},"Logs Insights is running…")),a=performance.now(),i;await Pn(Cs,{id:n,profile:l},p=>{let c=p.data?.trace,m=performance.now()-a;if(p.index===0){if(i=m,!c){be(t,d("h1",{},"Trace ",d("code",{},n)),tt(et(p.errors,["trace"]),"The gateway has no such trace."));return}let y=[c.hasFault?"fault":"",c.hasError?"error":"",c.hasThrottle?"throttle":""].filter(Boolean),g=c.spans;be(t,d("div",{class:"page-head"},d("h1",{},"Trace ",d("code",{},c.id))),d("p",{class:"trace-summary"},`${sn(c.startTime)} UTC · ${Qe(c.durationMs)}`,c.http?` · ${c.http.method??""} ${c.http.url??""} → ${c.http.status??"?"}`:"",y.length?d("span",{class:"badge alert"},y.join(", ")):null),d("p",{},"Services: ",...c.services.flatMap((b,x)=>[x?", ":"",d("a",{href:Be(`service/${encodeURIComponent(b)}`,{profile:l})},b)])),g?d("section",{class:"panel","aria-labelledby":"waterfall-heading"},d("h2",{id:"waterfall-heading"},`Spans (${g.length})`),g.length?Li(g):d("p",{class:"muted"},"The trace has no spans yet.")):tt(et(p.errors,["trace","spans"]),"spans unavailable"),s),t.dataset.state="spans"}if(c&&p.delivered.length){let y=c.logs;s.removeAttribute("aria-busy"),s.dataset.state="ready",be(s,d("h2",{},"Log lines of this trace"),y?y.events.length?d("table",{class:"log-table"},d("caption",{},`${y.events.length} lines that mention the trace id`,y.truncated?" (more matched)":"",y.status==="PARTIAL"?" · the query timed out: lines found so far":""),d("thead",{},d("tr",{},d("th",{scope:"col"},"Time (UTC)"),d("th",{scope:"col"},"Level"),d("th",{scope:"col",class:"group-col"},"Log group"),d("th",{scope:"col"},"Message"))),d("tbody",{},...y.events.map(g=>d("tr",{class:"log-row"},d("td",{},d("time",{datetime:g.timestamp},sn(g.timestamp))),d("td",{},d("span",{class:`level level-${(g.level??"none").toLowerCase()}`},g.level??"–")),d("td",{},g.logGroup??"–"),d("td",{class:"message"},g.message))))):d("p",{class:"muted"},`No log line mentions this trace id (searched ${y.logGroups.length} log groups).`):tt(et(p.errors,["trace","logs"]),"log lines unavailable"))}e.reportCost("ConsoleTrace",p.cost,{firstPaintMs:i,...p.hasNext?{}:{deferredMs:m},deferredLabel:"log lines"})},e.signal)}var Fr={overview:{title:"Overview",render:xi,nav:"Overview"},service:{title:"Service",render:Mi},trace:{title:"Trace",render:Ai},map:{title:"Service map",render:Ti,nav:"Service map"}},It=document.getElementById("main"),hc=document.getElementById("nav"),ql=document.getElementById("cost"),bc=document.getElementById("status"),or=document.getElementById("profile"),jl=document.getElementById("token-button"),Di;function Kl(){let e=location.hash.replace(/^#\/?/,""),[t="",l=""]=e.split("?",2),[n="overview",...s]=t.split("/").filter(Boolean).map(decodeURIComponent);return{page:Fr[n]?n:"overview",segments:s,params:new URLSearchParams(l)}}function yc(e){bc.textContent=e}function vc(e,t,l){let n=Object.entries(t?.calls??{}).sort(([a],[i])=>a.localeCompare(i)),s=[];l.firstPaintMs!==void 0&&s.push(`first paint ${Qe(l.firstPaintMs)}`),l.deferredMs!==void 0&&s.push(`${l.deferredLabel??"deferred part"} ${Qe(l.deferredMs)}`),l.totalMs!==void 0&&s.push(`answer ${Qe(l.totalMs)}`),be(ql,d("h2",{},"What this page cost"),d("p",{class:"cost-operation"},d("code",{},e)," · one GraphQL request"),s.length?d("p",{"data-testid":"timing"},s.join(" · ")):null,t?d("dl",{},d("dt",{},"AWS calls"),d("dd",{"data-testid":"total-calls"},String(t.totalCalls??0)),d("dt",{},"Logs Insights scanned"),d("dd",{},yr(t.logsBytesScanned)),d("dt",{},"metric series"),d("dd",{},String(t.metricsRequested??0)),d("dt",{},"traces fetched"),d("dd",{},String(t.tracesFetched??0)),d("dt",{},"answers shared"),d("dd",{},String(t.cacheHits??0))):d("p",{class:"muted"},"The answer carried no extensions.cost."),n.length?d("details",{},d("summary",{},"per AWS action"),d("ul",{},...n.map(([a,i])=>d("li",{},d("code",{},a),` ${i.calls} call${i.calls===1?"":"s"}${i.attempts!==i.calls?`, ${i.attempts} attempts`:""}`)))):null),ql.hidden=!1}function Ci(e){let t=d("input",{type:"password",id:"token-input",autocomplete:"off",required:!0,"aria-describedby":"token-help"}),l=d("form",{class:"token-form",onsubmit:n=>{n.preventDefault(),cl(t.value.trim()),Or(),Ri()}},d("h1",{},"Sign in to the gateway"),d("p",{role:"alert"},e),d("label",{for:"token-input"},"Bearer token"),t,d("p",{id:"token-help",class:"muted"},'Sent as "Authorization: Bearer …" with every request to /graphql, and kept in this tab only (sessionStorage).'),d("button",{type:"submit"},"Use this token"));return queueMicrotask(()=>t.focus()),l}function wc(e,t){if(t instanceof $n){be(It,Ci(`The gateway asks for a bearer token: ${t.message}`)),jl.hidden=!1;return}t instanceof DOMException&&t.name==="AbortError"||be(e,d("div",{class:"error",role:"alert"},d("strong",{},"Request failed: "),t instanceof Error?t.message:String(t)))}async function Ri(){try{let t=(await zs(Ms,{})).data?.profiles??[],l=Kl().params.get("profile");be(or,...t.map(n=>d("option",{value:n.name,selected:l?l===n.name:n.isDefault},`${n.name} (${n.backend.toLowerCase()}, ${n.region})${n.isDefault?" · default":""}`))),or.disabled=t.length<2}catch(e){e instanceof $n||be(or,d("option",{},"profiles unavailable"))}}function Sc(e,t){let l={profile:t.get("profile")??void 0,last:t.get("last")??void 0,from:t.get("from")??void 0,to:t.get("to")??void 0};be(hc,...Object.entries(Fr).filter(([,n])=>n.nav).map(([n,s])=>d("a",{href:Be(n,l),"aria-current":n===e?"page":null},s.nav)))}async function Or(){Di?.abort();let e=new AbortController;Di=e;let{page:t,segments:l,params:n}=Kl(),{range:s,label:a}=vi(n);Sc(t,n),document.body.dataset.page=t,It.dataset.state="loading",It.setAttribute("aria-busy","true"),be(It,d("p",{class:"muted"},"Loading…")),ql.hidden=!0;let i={main:It,segments:l,params:n,profile:n.get("profile")??void 0,range:s,rangeLabel:a,signal:e.signal,reportCost:(p,c,m)=>{e.signal.aborted||vc(p,c,m)},announce:yc,setTitle:p=>{document.title=`${p} · Tinkr console`}};i.setTitle(Fr[t].title);try{await Fr[t].render(i),e.signal.aborted||(It.dataset.state="complete")}catch(p){if(e.signal.aborted)return;It.dataset.state="error",wc(It,p)}finally{e.signal.aborted||It.removeAttribute("aria-busy")}}or.addEventListener("change",()=>{let{page:e,segments:t,params:l}=Kl();l.set("profile",or.value),location.hash=e==="service"||e==="trace"?Be("overview",Object.fromEntries(l)):Be([e,...t].join("/"),Object.fromEntries(l))});jl.addEventListener("click",()=>{cl(null),be(It,Ci("Type the bearer token to use in this tab."))});jl.hidden=ul()===null;window.addEventListener("hashchange",()=>{Or()});matchMedia("(prefers-color-scheme: dark)").addEventListener("change",()=>{Or()});Ri();Or();export{wc as showError};
