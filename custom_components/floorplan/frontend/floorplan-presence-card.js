var e=globalThis,t=e.ShadowRoot&&(e.ShadyCSS===void 0||e.ShadyCSS.nativeShadow)&&`adoptedStyleSheets`in Document.prototype&&`replace`in CSSStyleSheet.prototype,n=Symbol(),r=/* @__PURE__ */ new WeakMap,i=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==n)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,n=this.t;if(t&&e===void 0){let t=n!==void 0&&n.length===1;t&&(e=r.get(n)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),t&&r.set(n,e))}return e}toString(){return this.cssText}},a=e=>new i(typeof e==`string`?e:e+``,void 0,n),o=(e,...t)=>new i(e.length===1?e[0]:t.reduce((t,n,r)=>t+(e=>{if(!0===e._$cssResult$)return e.cssText;if(typeof e==`number`)return e;throw Error(`Value passed to 'css' function must be a 'css' function result: `+e+`. Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.`)})(n)+e[r+1],e[0]),e,n),s=(n,r)=>{if(t)n.adoptedStyleSheets=r.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let t of r){let r=document.createElement(`style`),i=e.litNonce;i!==void 0&&r.setAttribute(`nonce`,i),r.textContent=t.cssText,n.appendChild(r)}},c=t?e=>e:e=>e instanceof CSSStyleSheet?(e=>{let t=``;for(let n of e.cssRules)t+=n.cssText;return a(t)})(e):e,{is:l,defineProperty:u,getOwnPropertyDescriptor:d,getOwnPropertyNames:f,getOwnPropertySymbols:p,getPrototypeOf:m}=Object,ee=globalThis,te=ee.trustedTypes,ne=te?te.emptyScript:``,re=ee.reactiveElementPolyfillSupport,h=(e,t)=>e,ie={toAttribute(e,t){switch(t){case Boolean:e=e?ne:null;break;case Object:case Array:e=e==null?e:JSON.stringify(e)}return e},fromAttribute(e,t){let n=e;switch(t){case Boolean:n=e!==null;break;case Number:n=e===null?null:Number(e);break;case Object:case Array:try{n=JSON.parse(e)}catch{n=null}}return n}},ae=(e,t)=>!l(e,t),oe={attribute:!0,type:String,converter:ie,reflect:!1,useDefault:!1,hasChanged:ae};Symbol.metadata??=Symbol(`metadata`),ee.litPropertyMetadata??=/* @__PURE__ */ new WeakMap;var g=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=oe){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let n=Symbol(),r=this.getPropertyDescriptor(e,n,t);r!==void 0&&u(this.prototype,e,r)}}static getPropertyDescriptor(e,t,n){let{get:r,set:i}=d(this.prototype,e)??{get(){return this[t]},set(e){this[t]=e}};return{get:r,set(t){let a=r?.call(this);i?.call(this,t),this.requestUpdate(e,a,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??oe}static _$Ei(){if(this.hasOwnProperty(h(`elementProperties`)))return;let e=m(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(h(`finalized`)))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(h(`properties`))){let e=this.properties,t=[...f(e),...p(e)];for(let n of t)this.createProperty(n,e[n])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[e,n]of t)this.elementProperties.set(e,n)}this._$Eh=/* @__PURE__ */ new Map;for(let[e,t]of this.elementProperties){let n=this._$Eu(e,t);n!==void 0&&this._$Eh.set(n,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let n=new Set(e.flat(1/0).reverse());for(let e of n)t.unshift(c(e))}else e!==void 0&&t.push(c(e));return t}static _$Eu(e,t){let n=t.attribute;return!1===n?void 0:typeof n==`string`?n:typeof e==`string`?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=/* @__PURE__ */ new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=/* @__PURE__ */ new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=/* @__PURE__ */ new Map,t=this.constructor.elementProperties;for(let n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return s(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){let n=this.constructor.elementProperties.get(e),r=this.constructor._$Eu(e,n);if(r!==void 0&&!0===n.reflect){let i=(n.converter?.toAttribute===void 0?ie:n.converter).toAttribute(t,n.type);this._$Em=e,i==null?this.removeAttribute(r):this.setAttribute(r,i),this._$Em=null}}_$AK(e,t){let n=this.constructor,r=n._$Eh.get(e);if(r!==void 0&&this._$Em!==r){let e=n.getPropertyOptions(r),i=typeof e.converter==`function`?{fromAttribute:e.converter}:e.converter?.fromAttribute===void 0?ie:e.converter;this._$Em=r;let a=i.fromAttribute(t,e.type);this[r]=a??this._$Ej?.get(r)??a,this._$Em=null}}requestUpdate(e,t,n,r=!1,i){if(e!==void 0){let a=this.constructor;if(!1===r&&(i=this[e]),n??=a.getPropertyOptions(e),!((n.hasChanged??ae)(i,t)||n.useDefault&&n.reflect&&i===this._$Ej?.get(e)&&!this.hasAttribute(a._$Eu(e,n))))return;this.C(e,t,n)}!1===this.isUpdatePending&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:r,wrapped:i},a){n&&!(this._$Ej??=/* @__PURE__ */ new Map).has(e)&&(this._$Ej.set(e,a??t??this[e]),!0!==i||a!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),!0===r&&this._$Em!==e&&(this._$Eq??=/* @__PURE__ */ new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[e,t]of this._$Ep)this[e]=t;this._$Ep=void 0}let e=this.constructor.elementProperties;if(e.size>0)for(let[t,n]of e){let{wrapped:e}=n,r=this[t];!0!==e||this._$AL.has(t)||r===void 0||this.C(t,void 0,n,r)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(e=>e.hostUpdate?.()),this.update(t)):this._$EM()}catch(t){throw e=!1,this._$EM(),t}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=/* @__PURE__ */ new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(e){}firstUpdated(e){}};g.elementStyles=[],g.shadowRootOptions={mode:`open`},g[h(`elementProperties`)]=/* @__PURE__ */ new Map,g[h(`finalized`)]=/* @__PURE__ */ new Map,re?.({ReactiveElement:g}),(ee.reactiveElementVersions??=[]).push(`2.1.2`);var se=globalThis,ce=e=>e,le=se.trustedTypes,ue=le?le.createPolicy(`lit-html`,{createHTML:e=>e}):void 0,de=`$lit$`,_=`lit$${Math.random().toFixed(9).slice(2)}$`,fe=`?`+_,pe=`<${fe}>`,v=document,y=()=>v.createComment(``),me=e=>e===null||typeof e!=`object`&&typeof e!=`function`,he=Array.isArray,ge=e=>he(e)||typeof e?.[Symbol.iterator]==`function`,_e=`[ 	
\f\r]`,b=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,ve=/-->/g,ye=/>/g,x=RegExp(`>|${_e}(?:([^\\s"'>=/]+)(${_e}*=${_e}*(?:[^ \t\n\f\r"'\`<>=]|("|')|))|$)`,`g`),be=/'/g,xe=/"/g,Se=/^(?:script|style|textarea|title)$/i,Ce=e=>(t,...n)=>({_$litType$:e,strings:t,values:n}),S=Ce(1),C=Ce(2),w=Symbol.for(`lit-noChange`),T=Symbol.for(`lit-nothing`),we=/* @__PURE__ */ new WeakMap,E=v.createTreeWalker(v,129);function Te(e,t){if(!he(e)||!e.hasOwnProperty(`raw`))throw Error(`invalid template strings array`);return ue===void 0?t:ue.createHTML(t)}var Ee=(e,t)=>{let n=e.length-1,r=[],i,a=t===2?`<svg>`:t===3?`<math>`:``,o=b;for(let t=0;t<n;t++){let n=e[t],s,c,l=-1,u=0;for(;u<n.length&&(o.lastIndex=u,c=o.exec(n),c!==null);)u=o.lastIndex,o===b?c[1]===`!--`?o=ve:c[1]===void 0?c[2]===void 0?c[3]!==void 0&&(o=x):(Se.test(c[2])&&(i=RegExp(`</`+c[2],`g`)),o=x):o=ye:o===x?c[0]===`>`?(o=i??b,l=-1):c[1]===void 0?l=-2:(l=o.lastIndex-c[2].length,s=c[1],o=c[3]===void 0?x:c[3]===`"`?xe:be):o===xe||o===be?o=x:o===ve||o===ye?o=b:(o=x,i=void 0);let d=o===x&&e[t+1].startsWith(`/>`)?` `:``;a+=o===b?n+pe:l>=0?(r.push(s),n.slice(0,l)+de+n.slice(l)+_+d):n+_+(l===-2?t:d)}return[Te(e,a+(e[n]||`<?>`)+(t===2?`</svg>`:t===3?`</math>`:``)),r]},De=class e{constructor({strings:t,_$litType$:n},r){let i;this.parts=[];let a=0,o=0,s=t.length-1,c=this.parts,[l,u]=Ee(t,n);if(this.el=e.createElement(l,r),E.currentNode=this.el.content,n===2||n===3){let e=this.el.content.firstChild;e.replaceWith(...e.childNodes)}for(;(i=E.nextNode())!==null&&c.length<s;){if(i.nodeType===1){if(i.hasAttributes())for(let e of i.getAttributeNames())if(e.endsWith(de)){let t=u[o++],n=i.getAttribute(e).split(_),r=/([.?@])?(.*)/.exec(t);c.push({type:1,index:a,name:r[2],strings:n,ctor:r[1]===`.`?Ae:r[1]===`?`?je:r[1]===`@`?Me:O}),i.removeAttribute(e)}else e.startsWith(_)&&(c.push({type:6,index:a}),i.removeAttribute(e));if(Se.test(i.tagName)){let e=i.textContent.split(_),t=e.length-1;if(t>0){i.textContent=le?le.emptyScript:``;for(let n=0;n<t;n++)i.append(e[n],y()),E.nextNode(),c.push({type:2,index:++a});i.append(e[t],y())}}}else if(i.nodeType===8){if(i.data===fe)c.push({type:2,index:a});else{let e=-1;for(;(e=i.data.indexOf(_,e+1))!==-1;)c.push({type:7,index:a}),e+=_.length-1}}a++}}static createElement(e,t){let n=v.createElement(`template`);return n.innerHTML=e,n}};function D(e,t,n=e,r){if(t===w)return t;let i=r===void 0?n._$Cl:n._$Co?.[r],a=me(t)?void 0:t._$litDirective$;return i?.constructor!==a&&(i?._$AO?.(!1),a===void 0?i=void 0:(i=new a(e),i._$AT(e,n,r)),r===void 0?n._$Cl=i:(n._$Co??=[])[r]=i),i!==void 0&&(t=D(e,i._$AS(e,t.values),i,r)),t}var Oe=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:n}=this._$AD,r=(e?.creationScope??v).importNode(t,!0);E.currentNode=r;let i=E.nextNode(),a=0,o=0,s=n[0];for(;s!==void 0;){if(a===s.index){let t;s.type===2?t=new ke(i,i.nextSibling,this,e):s.type===1?t=new s.ctor(i,s.name,s.strings,this,e):s.type===6&&(t=new Ne(i,this,e)),this._$AV.push(t),s=n[++o]}a!==s?.index&&(i=E.nextNode(),a++)}return E.currentNode=v,r}p(e){let t=0;for(let n of this._$AV)n!==void 0&&(n.strings===void 0?n._$AI(e[t]):(n._$AI(e,n,t),t+=n.strings.length-2)),t++}},ke=class e{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,r){this.type=2,this._$AH=T,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=D(this,e,t),me(e)?e===T||e==null||e===``?(this._$AH!==T&&this._$AR(),this._$AH=T):e!==this._$AH&&e!==w&&this._(e):e._$litType$===void 0?e.nodeType===void 0?ge(e)?this.k(e):this._(e):this.T(e):this.$(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==T&&me(this._$AH)?this._$AA.nextSibling.data=e:this.T(v.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:n}=e,r=typeof n==`number`?this._$AC(e):(n.el===void 0&&(n.el=De.createElement(Te(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===r)this._$AH.p(t);else{let e=new Oe(r,this),n=e.u(this.options);e.p(t),this.T(n),this._$AH=e}}_$AC(e){let t=we.get(e.strings);return t===void 0&&we.set(e.strings,t=new De(e)),t}k(t){he(this._$AH)||(this._$AH=[],this._$AR());let n=this._$AH,r,i=0;for(let a of t)i===n.length?n.push(r=new e(this.O(y()),this.O(y()),this,this.options)):r=n[i],r._$AI(a),i++;i<n.length&&(this._$AR(r&&r._$AB.nextSibling,i),n.length=i)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let t=ce(e).nextSibling;ce(e).remove(),e=t}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},O=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,r,i){this.type=1,this._$AH=T,this._$AN=void 0,this.element=e,this.name=t,this._$AM=r,this.options=i,n.length>2||n[0]!==``||n[1]!==``?(this._$AH=Array(n.length-1).fill(/* @__PURE__ */ new String),this.strings=n):this._$AH=T}_$AI(e,t=this,n,r){let i=this.strings,a=!1;if(i===void 0)e=D(this,e,t,0),a=!me(e)||e!==this._$AH&&e!==w,a&&(this._$AH=e);else{let r=e,o,s;for(e=i[0],o=0;o<i.length-1;o++)s=D(this,r[n+o],t,o),s===w&&(s=this._$AH[o]),a||=!me(s)||s!==this._$AH[o],s===T?e=T:e!==T&&(e+=(s??``)+i[o+1]),this._$AH[o]=s}a&&!r&&this.j(e)}j(e){e===T?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??``)}},Ae=class extends O{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===T?void 0:e}},je=class extends O{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==T)}},Me=class extends O{constructor(e,t,n,r,i){super(e,t,n,r,i),this.type=5}_$AI(e,t=this){if((e=D(this,e,t,0)??T)===w)return;let n=this._$AH,r=e===T&&n!==T||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,i=e!==T&&(n===T||r);r&&this.element.removeEventListener(this.name,this,n),i&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH==`function`?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},Ne=class{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){D(this,e)}},Pe={M:de,P:_,A:fe,C:1,L:Ee,R:Oe,D:ge,V:D,I:ke,H:O,N:je,U:Me,B:Ae,F:Ne},Fe=se.litHtmlPolyfillSupport;Fe?.(De,ke),(se.litHtmlVersions??=[]).push(`3.3.3`);var k=(e,t,n)=>{let r=n?.renderBefore??t,i=r._$litPart$;if(i===void 0){let e=n?.renderBefore??null;r._$litPart$=i=new ke(t.insertBefore(y(),e),e,void 0,n??{})}return i._$AI(e),i},Ie=globalThis,A=class extends g{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=k(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return w}};A._$litElement$=!0,A.finalized=!0,Ie.litElementHydrateSupport?.({LitElement:A});var Le=Ie.litElementPolyfillSupport;Le?.({LitElement:A}),(Ie.litElementVersions??=[]).push(`4.2.2`);var Re={ATTRIBUTE:1,CHILD:2,PROPERTY:3,BOOLEAN_ATTRIBUTE:4,EVENT:5,ELEMENT:6},ze=e=>(...t)=>({_$litDirective$:e,values:t}),Be=class{constructor(e){}get _$AU(){return this._$AM._$AU}_$AT(e,t,n){this._$Ct=e,this._$AM=t,this._$Ci=n}_$AS(e,t){return this.update(e,t)}update(e,t){return this.render(...t)}},{I:Ve}=Pe,He=e=>e,Ue=()=>document.createComment(``),We=(e,t,n)=>{let r=e._$AA.parentNode,i=t===void 0?e._$AB:t._$AA;if(n===void 0)n=new Ve(r.insertBefore(Ue(),i),r.insertBefore(Ue(),i),e,e.options);else{let t=n._$AB.nextSibling,a=n._$AM,o=a!==e;if(o){let t;n._$AQ?.(e),n._$AM=e,n._$AP!==void 0&&(t=e._$AU)!==a._$AU&&n._$AP(t)}if(t!==i||o){let e=n._$AA;for(;e!==t;){let t=He(e).nextSibling;He(r).insertBefore(e,i),e=t}}}return n},j=(e,t,n=e)=>(e._$AI(t,n),e),Ge={},Ke=(e,t=Ge)=>e._$AH=t,qe=e=>e._$AH,Je=e=>{e._$AR(),e._$AA.remove()},Ye=(e,t,n)=>{let r=/* @__PURE__ */ new Map;for(let i=t;i<=n;i++)r.set(e[i],i);return r},Xe=ze(class extends Be{constructor(e){if(super(e),e.type!==Re.CHILD)throw Error(`repeat() can only be used in text expressions`)}dt(e,t,n){let r;n===void 0?n=t:t!==void 0&&(r=t);let i=[],a=[],o=0;for(let t of e)i[o]=r?r(t,o):o,a[o]=n(t,o),o++;return{values:a,keys:i}}render(e,t,n){return this.dt(e,t,n).values}update(e,[t,n,r]){let i=qe(e),{values:a,keys:o}=this.dt(t,n,r);if(!Array.isArray(i))return this.ut=o,a;let s=this.ut??=[],c=[],l,u,d=0,f=i.length-1,p=0,m=a.length-1;for(;d<=f&&p<=m;)if(i[d]===null)d++;else if(i[f]===null)f--;else if(s[d]===o[p])c[p]=j(i[d],a[p]),d++,p++;else if(s[f]===o[m])c[m]=j(i[f],a[m]),f--,m--;else if(s[d]===o[m])c[m]=j(i[d],a[m]),We(e,c[m+1],i[d]),d++,m--;else if(s[f]===o[p])c[p]=j(i[f],a[p]),We(e,i[d],i[f]),f--,p++;else if(l===void 0&&(l=Ye(o,p,m),u=Ye(s,d,f)),l.has(s[d])){if(l.has(s[f])){let t=u.get(o[p]),n=t===void 0?null:i[t];if(n===null){let t=We(e,i[d]);j(t,a[p]),c[p]=t}else c[p]=j(n,a[p]),We(e,i[d],n),i[t]=null;p++}else Je(i[f]),f--}else Je(i[d]),d++;for(;p<=m;){let t=We(e,c[m+1]);j(t,a[p]),c[p++]=t}for(;d<=f;){let e=i[d++];e!==null&&Je(e)}return this.ut=o,Ke(e,c),w}});function Ze(e,t){return e[`${t}_action`]??{action:t===`tap`?`more-info`:`none`}}function Qe(e,t,n){let r=Ze(t,n);if(r.action===`none`)return;let[i,a]=r.action===`more-info`?[`hass-more-info`,{entityId:r.entity??t.entity}]:[`hass-action`,{config:t,action:n}];e.dispatchEvent(new CustomEvent(i,{detail:a,bubbles:!0,composed:!0}))}var $e=10,et=class{constructor(e,t){this.report=e,this.options=t}down(e,t,n){this.cancel();let r={target:e,x:t,y:n,held:!1};this.options.hold(e)&&(r.timer=setTimeout(()=>{r.held=!0,this.report(e,`hold`)},500)),this.press=r}move(e,t){this.press&&Math.hypot(e-this.press.x,t-this.press.y)>$e&&this.cancel()}up(){let e=this.press;if(!e||(this.cancel(),e.held))return;let{target:t}=e;if(this.pendingTap){let e=this.pendingTap;if(clearTimeout(e.timer),this.pendingTap=void 0,e.target===t)return this.report(t,`double_tap`);this.report(e.target,`tap`)}if(!this.options.doubleTap(t))return this.report(t,`tap`);this.pendingTap={target:t,timer:setTimeout(()=>{this.pendingTap=void 0,this.report(t,`tap`)},250)}}cancel(){clearTimeout(this.press?.timer),this.press=void 0}dispose(){this.cancel(),clearTimeout(this.pendingTap?.timer),this.pendingTap=void 0}};function M(e,t,n={}){return e.callWS({type:`floorplan/call`,name:t,data:n})}function N(e){let{code:t,message:n}=typeof e==`object`&&e?e:{};return t===`unknown_command`?`Home Assistant does not know the floorplan commands: install and set up the Floorplan Presence integration.`:t===`not_set_up`?`The Floorplan Presence integration is not set up: add it under Settings → Devices & services, then try again.`:t===`not_connected`?`The floorplan sidecar is not connected to Home Assistant, so the plan cannot be read or saved. Start it (floorplan serve) and try again.`:typeof n==`string`&&n!==``?n:`Floorplan request failed: ${String(e)}`}var tt=class{constructor(e){this.onChange=e,this.layout=null,this.entities=/* @__PURE__ */ new Map,this.nodesHeard={},this.sidecarConnected=null,this.error=null,this.session=0,this.running=!1}setHass(e){this.hass=e,this.running||this.start()}stop(){if(!this.running)return;this.running=!1,this.session++;let e=this.unsubscribe;this.unsubscribe=void 0,e?.then(e=>e?.()).catch(()=>void 0)}start(){let e=this.hass;if(!e)return;this.running=!0;let t=++this.session;this.unsubscribe=e.connection.subscribeMessage(e=>t===this.session&&this.onEvent(e),{type:`floorplan/subscribe`}).catch(e=>{t===this.session&&this.fail(e)}),this.fetchLayout(t),this.fetchPositions(t)}async fetchLayout(e){try{let t=await M(this.hass,`card_layout`);if(e!==this.session)return;this.layout=t,this.clearError(),this.onChange({kind:`layout`})}catch(t){e===this.session&&this.fail(t)}}async fetchPositions(e){let t=/* @__PURE__ */ new Set;this.updatedDuringFetch=t;try{let n=await M(this.hass,`card_positions`);if(e!==this.session)return;let r=new Set(n.entities.map(e=>e.entity_id)),i=[...this.entities.keys()].filter(e=>!r.has(e)&&!t.has(e));for(let e of i)this.entities.delete(e);let a=[];for(let e of n.entities)t.has(e.entity_id)||(this.entities.set(e.entity_id,e),a.push(e.entity_id));this.nodesHeard={...this.nodesHeard,...n.nodes_heard},this.clearError(),this.onChange({kind:`positions`,changed:a,removed:i})}catch(t){e===this.session&&this.fail(t)}finally{this.updatedDuringFetch===t&&(this.updatedDuringFetch=void 0)}}onEvent(e){switch(e.type){case`connected`:{let t=e.connected&&this.sidecarConnected===!1;this.sidecarConnected=e.connected,this.onChange({kind:`status`}),t&&(this.layout||this.fetchLayout(this.session),this.fetchPositions(this.session));break}case`positions`:for(let t of e.entities)this.entities.set(t.entity_id,t),this.updatedDuringFetch?.add(t.entity_id);for(let t of e.removed)this.entities.delete(t),this.updatedDuringFetch?.add(t);Object.assign(this.nodesHeard,e.nodes_heard),this.onChange({kind:`positions`,changed:e.entities.map(e=>e.entity_id),removed:e.removed});break;case`layout_changed`:this.fetchLayout(this.session)}}fail(e){e?.code===`not_connected`?this.sidecarConnected=!1:this.error=N(e),this.onChange({kind:`status`})}clearError(){this.error!==null&&(this.error=null,this.onChange({kind:`status`}))}};function nt(e,t,n){let r=Math.round((t-Date.parse(e))/1e3);if(!Number.isFinite(r))return e;let i=new Intl.RelativeTimeFormat(n,{style:`narrow`,numeric:`always`}),a=Math.max(0,r);return a<60?i.format(-a,`second`):a<3600?i.format(-Math.floor(a/60),`minute`):a<86400?i.format(-Math.floor(a/3600),`hour`):i.format(-Math.floor(a/86400),`day`)}function rt(e){return e.trim().split(/[\s_.-]+/).filter(Boolean).slice(0,2).map(e=>e[0].toUpperCase()).join(``)||`?`}function P(e){let t=e.replace(/[_-]+/g,` `).trim();return t.charAt(0).toUpperCase()+t.slice(1)}function it(e){return`${e<10?e.toFixed(1):Math.round(e)} m`}function F(e,t,n=!1){let r=Math.abs(e).toFixed(t);return Number(r)===0?r:`${e<0?`−`:n?`+`:``}${r}`}function I(e,[t,n]){return[e[0]*t+e[2]*n+e[4],e[1]*t+e[3]*n+e[5]]}function at(e,t){let[n,r,i,a,o,s]=e,[c,l,u,d,f,p]=t;return[n*c+i*l,r*c+a*l,n*u+i*d,r*u+a*d,n*f+i*p+o,r*f+a*p+s]}function ot([e,t,n,r,i,a]){let o=e*r-t*n;if(o===0)throw Error(`transform is not invertible`);return[r/o,-t/o,-n/o,e/o,(n*a-r*i)/o,(t*i-e*a)/o]}function L(e){let t=e*Math.PI/180,n=Math.cos(t),r=Math.sin(t);return[n,r,r,-n,0,0]}function st(e){if(`points`in e){let[t,n]=e.points,r=[t.pixel[0],-t.pixel[1]],i=[n.pixel[0],-n.pixel[1]],a=[i[0]-r[0],i[1]-r[1]],o=[n.metres[0]-t.metres[0],n.metres[1]-t.metres[1]],s=a[0]*a[0]+a[1]*a[1];if(s===0)throw Error(`the two reference pixels must differ`);let c=(o[0]*a[0]+o[1]*a[1])/s,l=(o[1]*a[0]-o[0]*a[1])/s,u=t.metres[0]-(c*r[0]-l*r[1]),d=t.metres[1]-(c*r[1]+l*r[0]);return[c,l,l,-c,u,d]}let t=e.metres_per_pixel,n=(e.rotation??0)*Math.PI/180;return[t*Math.cos(n),t*Math.sin(n),t*Math.sin(n),-t*Math.cos(n),e.origin[0],e.origin[1]]}function ct(e,t,n){if(e.length===0)return{x:-n,y:-n,width:2*n,height:2*n};let r=1/0,i=1/0,a=-1/0,o=-1/0;for(let n of e){let[e,s]=I(t,n);r=Math.min(r,e),i=Math.min(i,s),a=Math.max(a,e),o=Math.max(o,s)}return{x:r-n,y:i-n,width:a-r+2*n,height:o-i+2*n}}function lt(e,t){return t>0?Math.round(e/t)*t:e}function ut(e){let t=0,n=0,r=0;for(let i=0;i<e.length;i++){let[a,o]=e[i],[s,c]=e[(i+1)%e.length],l=a*c-s*o;t+=l,n+=(a+s)*l,r+=(o+c)*l}if(Math.abs(t)<1e-12){let t=e.length||1;return[e.reduce((e,t)=>e+t[0],0)/t,e.reduce((e,t)=>e+t[1],0)/t]}return[n/(3*t),r/(3*t)]}function dt(e){let[t,n]=ut(e),r=[];for(let t=0,i=e.length-1;t<e.length;i=t++){let[a,o]=e[t],[s,c]=e[i];o>n!=c>n&&r.push(a+(n-o)*(s-a)/(c-o))}r.sort((e,t)=>e-t);let i=[t,n],a=-1;for(let e=0;e+1<r.length;e+=2){let o=r[e],s=r[e+1];if(t>=o&&t<=s)return[t,n];s-o>a&&(a=s-o,i=[(o+s)/2,n])}return i}var ft=2;function pt(e,t){let n=0,r=t=>t.x<e.width/2&&t.x+t.width>-e.width/2&&t.y<n+e.height/2&&t.y+t.height>n-e.height/2;for(let i=!0;i;){i=!1;for(let a of t)r(a)&&(n=a.y+a.height+e.height/2+ft,i=!0)}return n}var mt=2e3;function ht(e){return 1-(1-e)**3}function gt(e,t){let n=ht(e.duration>0?Math.min(1,Math.max(0,(t-e.start)/e.duration)):1);return[e.from[0]+(e.to[0]-e.from[0])*n,e.from[1]+(e.to[1]-e.from[1])*n]}function _t(e,t){return t>=e.start+e.duration}function vt(e,t,n,r){if(!e||t===void 0)return{from:n,to:n,start:r,duration:0};let i=Math.min(mt,Math.max(300,r-t));return{from:gt(e,r),to:n,start:r,duration:i}}function yt(e,t){let n=ct([...e.rooms.flatMap(e=>e.boundaries),...e.nodes.map(e=>[e.coordinates[0],e.coordinates[1]]),...e.static_entities.map(e=>[e.coordinates[0],e.coordinates[1]])],t,0),r=.4+.03*Math.max(n.width,n.height);return{x:n.x-r,y:n.y-r,width:n.width+2*r,height:n.height+2*r}}function R(e,t){if(t!==null)return t;let n;for(let t of e.floors)(!n||t.height>n.height)&&(n=t);return n?.id}var bt=[`var(--blue-color, #2196f3)`,`var(--pink-color, #e91e63)`,`var(--green-color, #4caf50)`,`var(--deep-orange-color, #ff5722)`,`var(--purple-color, #9c27b0)`,`var(--teal-color, #009688)`,`var(--indigo-color, #3f51b5)`,`var(--brown-color, #795548)`,`var(--red-color, #f44336)`,`var(--cyan-color, #00bcd4)`];function xt(e){let t=0;for(let n=0;n<e.length;n++)t=t*31+e.charCodeAt(n)|0;return bt[Math.abs(t)%bt.length]}var St=o`
  :host {
    display: block;
  }
  ha-card {
    display: flex;
    flex-direction: column;
    height: 100%;
    overflow: hidden;
    color: var(--primary-text-color);
  }
  .title {
    margin: 0;
    padding: 12px 16px 0;
    font-size: var(--ha-card-header-font-size, 20px);
    font-weight: 500;
    line-height: 32px;
  }
  .toolbar {
    display: flex;
    align-items: flex-end;
  }
  .toolbar .tabs {
    flex: 1 1 auto;
    min-width: 0;
  }
  /* A chip, at the toolbar's end. */
  .chip.calibrate {
    margin: 8px 12px 0 auto;
    padding: 0 12px;
  }
  .tabs {
    display: flex;
    gap: 4px;
    padding: 8px 12px 0;
    overflow-x: auto;
  }
  .tab {
    flex: none;
    border: none;
    border-bottom: 2px solid transparent;
    background: none;
    color: var(--secondary-text-color);
    font: inherit;
    font-weight: 500;
    padding: 6px 12px;
    cursor: pointer;
  }
  .tab[aria-selected='true'] {
    color: var(--primary-color);
    border-bottom-color: var(--primary-color);
  }
  .banner {
    margin: 8px 12px 0;
    padding: 8px 12px;
    border-radius: 8px;
    font-size: 14px;
    line-height: 20px;
  }
  /* The disconnected banner lies over the plan, so the last picture does not jump when it shows. */
  .stage {
    position: relative;
    flex: 1 1 auto;
    display: flex;
    flex-direction: column;
  }
  .stage .banner {
    position: absolute;
    top: 0;
    left: 0;
    right: 0;
    z-index: 1;
  }
  .banner.disconnected {
    /* Opaque: it covers the top of the plan. */
    background: linear-gradient(rgba(var(--rgb-warning-color, 255, 166, 0), 0.15), rgba(var(--rgb-warning-color, 255, 166, 0), 0.15)),
      var(--card-background-color, #fff);
    color: var(--primary-text-color);
    border-left: 4px solid var(--warning-color, #ffa600);
  }
  .banner.error {
    background: rgba(var(--rgb-error-color, 219, 68, 55), 0.12);
    border-left: 4px solid var(--error-color, #db4437);
  }
  .message {
    padding: 24px 16px;
    color: var(--secondary-text-color);
    text-align: center;
  }

  svg.plan {
    display: block;
    flex: 1 1 auto;
    width: 100%;
    height: auto;
    min-height: 0;
    user-select: none;
    -webkit-user-select: none;
    -webkit-touch-callout: none;
    -webkit-tap-highlight-color: transparent;
    font-family: inherit;
  }
  .backdrop {
    fill: transparent;
  }
  .trails,
  .ranges,
  .room-labels,
  .entity .accuracy {
    pointer-events: none;
  }
  .room {
    fill: var(--primary-text-color);
    fill-opacity: 0.04;
    stroke: var(--secondary-text-color);
    stroke-opacity: 0.7;
    stroke-width: 1.5px;
    stroke-linejoin: round;
    vector-effect: non-scaling-stroke;
    transition: fill 0.4s, fill-opacity 0.4s;
  }
  .room.occupied {
    fill: var(--primary-color);
    fill-opacity: 0.16;
  }
  .room-label {
    fill: var(--secondary-text-color);
    font-size: 12px;
    text-anchor: middle;
    dominant-baseline: central;
  }

  .node .mark {
    fill: var(--state-icon-color, #44739e);
    stroke: var(--card-background-color, #fff);
    stroke-width: 1.5px;
  }
  .node.stale .mark {
    fill: var(--disabled-text-color, #9e9e9e);
    opacity: 0.6;
  }

  .static .mark {
    fill: var(--state-icon-color, #44739e);
  }
  .static .state {
    fill: var(--secondary-text-color);
    font-size: 11px;
    dominant-baseline: central;
  }
  .static ha-state-icon {
    --mdc-icon-size: 20px;
    color: var(--state-icon-color, #44739e);
    display: block;
  }
  .static,
  .entity {
    cursor: pointer;
  }

  .range .band {
    fill: none;
    stroke: var(--accent-color, #ff9800);
    stroke-opacity: 0.08;
  }
  .range .distance {
    fill: none;
    stroke: var(--accent-color, #ff9800);
    stroke-width: 1.5px;
    stroke-dasharray: 4 3;
    vector-effect: non-scaling-stroke;
  }

  .trail polyline {
    fill: none;
    stroke: var(--entity-color);
    stroke-width: 3px;
    stroke-linecap: round;
    stroke-linejoin: round;
    vector-effect: non-scaling-stroke;
  }

  .entity {
    outline: none;
  }
  .entity .accuracy {
    fill: var(--entity-color);
    fill-opacity: 0.12;
    stroke: var(--entity-color);
    stroke-opacity: 0.35;
    stroke-width: 1px;
  }
  .entity .badge {
    fill: var(--entity-color);
    stroke: var(--card-background-color, #fff);
    stroke-width: 2px;
  }
  .entity .halo {
    fill: none;
    stroke: var(--primary-color);
    stroke-width: 3px;
  }
  .entity:focus-visible .badge {
    stroke: var(--primary-color);
  }
  .entity .initials {
    fill: var(--text-primary-color, #fff);
    font-size: 11px;
    font-weight: 600;
    text-anchor: middle;
    dominant-baseline: central;
  }
  .entity .name,
  .static .state,
  .room-label {
    paint-order: stroke;
    stroke: var(--card-background-color, #fff);
    stroke-width: 3px;
    stroke-linejoin: round;
  }
  .crowded .entity:not(.selected) .name {
    display: none;
  }
  .entity .name {
    fill: var(--primary-text-color);
    font-size: 12px;
    font-weight: 500;
    text-anchor: middle;
    dominant-baseline: hanging;
  }

  svg.plan.spotting {
    cursor: crosshair;
  }
  .calibration-spots {
    pointer-events: none;
  }
  .calibration-spot .dot {
    fill: var(--card-background-color, #fff);
    stroke: var(--primary-color);
    stroke-width: 2.5px;
  }
  .calibration-spot text {
    fill: var(--primary-text-color);
    font-size: 11px;
    font-weight: 600;
    text-anchor: middle;
    dominant-baseline: central;
  }
  .calibration-spot.recording .dot {
    fill: var(--primary-color);
  }
  .calibration-spot.recording text {
    fill: var(--text-primary-color, #fff);
  }
  .calibration-spot .pulse {
    fill: var(--primary-color);
    fill-opacity: 0.25;
    animation: pulse 1.2s ease-out infinite;
  }
  @keyframes pulse {
    from {
      transform: scale(0.6);
      opacity: 1;
    }
    to {
      transform: scale(1.4);
      opacity: 0;
    }
  }

  /* Wrapped, not scrolled: on a phone a chip scrolled out of sight is a person nobody sees. */
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    padding: 4px 12px 12px;
  }
  .chip {
    flex: none;
    max-width: 100%;
    display: inline-flex;
    align-items: center;
    gap: 6px;
    height: 32px;
    padding: 0 10px 0 4px;
    border: 1px solid var(--divider-color);
    border-radius: 16px;
    background: none;
    color: var(--primary-text-color);
    font: inherit;
    font-size: 13px;
    cursor: pointer;
  }
  .chip[aria-pressed='true'] {
    border-color: var(--primary-color);
    background: rgba(var(--rgb-primary-color, 3, 169, 244), 0.12);
  }
  .chip .where {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--secondary-text-color);
  }
  .chip.away,
  .chip.unknown {
    opacity: 0.6;
  }
  .avatar {
    flex: none;
    width: 24px;
    height: 24px;
    border-radius: 50%;
    background: var(--entity-color);
    color: var(--text-primary-color, #fff);
    font-size: 10px;
    font-weight: 600;
    display: inline-flex;
    align-items: center;
    justify-content: center;
    overflow: hidden;
  }
  .avatar img {
    width: 100%;
    height: 100%;
    object-fit: cover;
  }

  .details {
    padding: 0 16px 12px;
  }
  .chips:empty,
  .details:empty {
    display: none;
  }
  .details header {
    display: flex;
    align-items: center;
    gap: 8px;
    font-weight: 500;
    margin-bottom: 4px;
  }
  .details header .name {
    flex: 1;
  }
  .details .close {
    border: none;
    background: none;
    color: var(--secondary-text-color);
    font-size: 20px;
    line-height: 1;
    padding: 4px 8px;
    cursor: pointer;
  }
  .details dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 2px 12px;
    margin: 0;
    font-size: 14px;
  }
  .details dt {
    color: var(--secondary-text-color);
  }
  .details dd {
    margin: 0;
  }
`,Ct=o`
  button,
  input,
  select {
    font: inherit;
    color: var(--primary-text-color);
    background: var(--card-background-color, var(--primary-background-color));
    border: 1px solid var(--divider-color, #ccc);
    border-radius: 4px;
    padding: 4px 8px;
  }
  input[type='checkbox'],
  input[type='range'] {
    accent-color: var(--primary-color);
    padding: 0;
  }
  input[type='number'] {
    width: 6em;
  }
  button {
    cursor: pointer;
  }
  button:disabled {
    cursor: default;
    opacity: 0.5;
  }
  button.primary {
    background: var(--primary-color);
    border-color: var(--primary-color);
    color: var(--text-primary-color, #fff);
  }
  button[aria-pressed='true'] {
    border-color: var(--primary-color);
    box-shadow: inset 0 0 0 1px var(--primary-color);
  }
  label {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .hint {
    color: var(--secondary-text-color);
    margin: 4px 0;
  }
  .error {
    color: var(--error-color, #db4437);
    border: 1px solid var(--error-color, #db4437);
    border-radius: 4px;
    padding: 8px;
    margin: 8px 0;
    font-weight: 500;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    margin: 8px 0;
  }
`;function wt(e,t,n){let r=t.at-n,i=e.filter(e=>e.at>=r);return i.push(t),i}function Tt(e,t,n,r){let i=[],a;for(let o=1;o<e.length;o++){let s=e[o-1],c=e[o],l=n-s.at;if(s.floor!==t||c.floor!==t||l>r||r<=0){a=void 0;continue}let u=1-Math.min(5,Math.floor(Math.max(0,l)/r*6))/6;a&&a.opacity===u?a.points.push(c.point):(a={points:[s.point,c.point],opacity:u},i.push(a))}return i}var Et={rssi:[`ref_power`,`attenuation`],distance:[`distance_scale`]};function Dt(e){return{...e.current,...e.fitted}}function Ot(e,t){return e===`ref_power`?`${F(t,1)} dBm`:F(t,2)}function kt(e){return Et[e.kind].map(t=>({field:t,from:e.current[t],to:e.fitted[t]??null}))}function At(e){return[`ref_power`,`attenuation`,`distance_scale`].flatMap(t=>e[t]===void 0?[]:[`${t} ${Ot(t,e[t])}`]).join(`, `)}function jt(e){return e.residual===null?`—`:e.kind===`rssi`?`${F(e.residual,1)} dB`:`${F(e.residual,0)} %`}function Mt(e){return e.persistent_share===null?`—`:`${F(e.persistent_share*100,0)} %`}function Nt(e){return e.kind===`distance`?`${F(e.drift*100,0,!0)} %`:`${F(e.drift,1,!0)} dB`}function Pt(e,t){let n=e=>e===null?`—`:it(e);return`${n(e)} → ${n(t)}`}function Ft(e,t){let n=Date.parse(e.started),r=Date.parse(e.ends),i=r>n?(t-n)/(r-n):1;return{fraction:Math.min(1,Math.max(0,i)),secondsLeft:Math.max(0,Math.ceil((r-t)/1e3))}}var It=300,Lt=176,z={left:42,top:8,right:290,bottom:142};function Rt(e,t){let n=e/t,r=10**Math.floor(Math.log10(n)),i=n/r;return(i<=1?1:i<=2?2:i<=5?5:10)*r}var B=e=>Number(e.toPrecision(12)),zt=e=>Math.max(0,-Math.floor(Math.log10(e)));function Bt(e,t,n=5){t>e||([e,t]=e===0?[0,1]:[e-Math.abs(e)*.1,t+Math.abs(t)*.1]);let r=Rt(t-e,n),i=Math.floor(B(e/r))*r,a=Math.ceil(B(t/r))*r,o=[];for(let e=0;i+e*r<=a+r*1e-9;e++){let t=B(i+e*r);o.push({value:t,label:F(t,zt(r))})}return{domain:[o[0].value,o.at(-1).value],ticks:o}}function Vt(e,t,n=7){let r=((e,t)=>{let n=[];for(let r=Math.floor(Math.log10(e))-1;r<=Math.ceil(Math.log10(t));r++)for(let e of[1,2,5])n.push(B(e*10**r));return n})(e,t),i=r.filter(t=>t<=e).at(-1),a=r.find(e=>e>=t);a===i&&(a=r[r.indexOf(i)+1]);let o=r.filter(e=>e>=i&&e<=a),s=o.filter(e=>Number.isInteger(B(Math.log10(e)))),c=o.length>n&&s.length>=2?s:o;return{domain:[i,a],ticks:c.map(e=>({value:e,label:F(e,zt(e))}))}}function Ht(e,t,n){let r=t[0]-e[0],i=t[1]-e[1],a=0,o=1,s=[[-r,e[0]-n.left],[r,n.right-e[0]],[-i,e[1]-n.top],[i,n.bottom-e[1]]];for(let[e,t]of s){if(e===0){if(t<0)return null;continue}let n=t/e;if(e<0?a=Math.max(a,n):o=Math.min(o,n),a>o)return null}let c=t=>[e[0]+t*r,e[1]+t*i];return[c(a),c(o)]}function Ut(e,t,n){let r=n?Math.log10:e=>e,[i,a]=[r(e[0]),r(e[1])];return e=>t[0]+(r(e)-i)/(a-i)*(t[1]-t[0])}function Wt(e){let t=e.points.map(e=>e[0]),n=e.points.map(e=>e[1]),r=Dt(e),i=e.kind===`rssi`?e.fitted.ref_power!==void 0||e.fitted.attenuation!==void 0:e.fitted.distance_scale!==void 0,a,o,s=[];if(e.kind===`distance`)a=o=Bt(0,Math.max(1,...t,...n)),s.push({kind:`ideal`,f:e=>e}),i&&s.push({kind:`fitted`,f:e=>e/r.distance_scale}),s.push({kind:`current`,f:t=>t/e.current.distance_scale});else{let c=t.filter(e=>e>0);a=Vt(c.length>0?Math.min(...c):1,c.length>0?Math.max(...c):10);let l=e=>t=>e.ref_power-10*e.attenuation*Math.log10(t);i&&s.push({kind:`fitted`,f:l(r)}),s.push({kind:`current`,f:l(e.current)});let u=s.flatMap(e=>[e.f(a.domain[0]),e.f(a.domain[1])]);o=Bt(Math.min(...n,...u),Math.max(...n,...u))}let c=e.kind===`rssi`,l=Ut(a.domain,[z.left,z.right],c),u=Ut(o.domain,[z.bottom,z.top],!1),d=e=>Math.min(a.domain[1],Math.max(a.domain[0],e));return{width:It,height:Lt,plot:z,xTicks:a.ticks.map(({value:e,label:t})=>({at:l(e),label:t})),yTicks:o.ticks.map(({value:e,label:t})=>({at:u(e),label:t})),xLabel:`true distance (m)`,yLabel:c?`RSSI (dBm)`:`reported (m)`,points:e.points.map(([e,t])=>[l(d(e)),u(t)]),curves:s.flatMap(({kind:e,f:t})=>{let[n,r]=a.domain,i=Ht([l(n),u(t(n))],[l(r),u(t(r))],z);return i?[{kind:e,from:i[0],to:i[1]}]:[]})}}var Gt=o`
  :host {
    display: block;
    padding: 0 16px 12px;
    font-size: 14px;
    line-height: 20px;
  }
  h2 {
    margin: 8px 0 4px;
    font-size: 16px;
    font-weight: 500;
  }
  h3 {
    margin: 12px 0 4px;
    font-size: 14px;
    font-weight: 500;
  }
  p {
    margin: 4px 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
    align-items: center;
    justify-content: space-between;
  }
  /* A long device or room name must not push the panel wider than a phone's card. */
  .actions label {
    display: flex;
    align-items: center;
    gap: 8px;
    min-width: 0;
    max-width: 100%;
  }
  .actions select {
    min-width: 0;
    flex: 0 1 auto;
  }
  .instructions {
    padding: 8px 12px;
    border-radius: 8px;
    background: rgba(var(--rgb-primary-color, 3, 169, 244), 0.12);
  }
  .progress {
    height: 8px;
    border-radius: 4px;
    background: var(--divider-color, rgba(0, 0, 0, 0.12));
    overflow: hidden;
    margin: 8px 0 4px;
  }
  .progress .bar {
    height: 100%;
    background: var(--primary-color);
    transition: width 0.9s linear;
  }
  .spots {
    border-collapse: collapse;
    margin: 4px 0;
  }
  .spots th {
    color: var(--secondary-text-color);
    font-weight: 400;
    text-align: left;
  }
  .spots th,
  .spots td {
    padding: 2px 12px 2px 0;
  }
  .spots .remove {
    border: none;
    background: none;
    color: var(--secondary-text-color);
    font-size: 18px;
    line-height: 1;
    padding: 2px 6px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
  }
  .confirm,
  .written {
    border: 1px solid var(--primary-color);
    border-radius: 8px;
    padding: 4px 12px;
    margin: 8px 0;
  }
  .written {
    border-color: var(--success-color, #43a047);
  }
  .confirm ul,
  .written ul,
  .warnings {
    margin: 4px 0;
    padding-left: 20px;
  }
  .warnings {
    color: var(--warning-color, #ffa600);
    font-size: 13px;
  }

  .nodes {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(260px, 1fr));
    gap: 12px;
  }
  .node-fit {
    border: 1px solid var(--divider-color, rgba(0, 0, 0, 0.12));
    border-radius: 8px;
    padding: 8px;
    min-width: 0;
  }
  .node-fit header {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 4px 8px;
  }
  .node-fit .name {
    font-weight: 500;
  }
  .node-fit .kind,
  .node-fit dt {
    color: var(--secondary-text-color);
  }
  .node-fit dl {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0 12px;
    margin: 4px 0;
    font-size: 13px;
  }
  .node-fit dd {
    margin: 0;
  }

  .chart {
    margin: 4px 0 0;
  }
  .chart svg {
    display: block;
    width: 100%;
    height: auto;
    font-family: inherit;
  }
  .chart .grid line {
    stroke: var(--divider-color, rgba(0, 0, 0, 0.12));
    stroke-width: 1px;
  }
  .chart text {
    fill: var(--secondary-text-color);
    font-size: 10px;
  }
  .chart .tick-labels.x text,
  .chart .axis-label {
    text-anchor: middle;
  }
  .chart .tick-labels.y text {
    text-anchor: end;
    dominant-baseline: central;
  }
  .chart .point {
    fill: var(--secondary-text-color);
    fill-opacity: 0.5;
  }
  .curve {
    stroke-width: 2px;
    stroke-linecap: round;
  }
  .curve.ideal {
    stroke: var(--secondary-text-color);
    stroke-width: 1px;
    stroke-dasharray: 2 3;
  }
  .curve.current {
    stroke: var(--warning-color, #ffa600);
    stroke-dasharray: 6 4;
  }
  .curve.fitted {
    stroke: var(--primary-color);
  }
  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    font-size: 12px;
    color: var(--secondary-text-color);
  }
  .key::before {
    content: '';
    display: inline-block;
    width: 16px;
    margin-right: 4px;
    vertical-align: middle;
    border-top: 2px solid;
  }
  .key.current::before {
    border-top: 2px dashed var(--warning-color, #ffa600);
  }
  .key.fitted::before {
    border-top-color: var(--primary-color);
  }
  .key.ideal::before {
    border-top: 1px dotted var(--secondary-text-color);
  }
  .key.samples::before {
    width: 5px;
    height: 5px;
    border: none;
    border-radius: 50%;
    background: var(--secondary-text-color);
    opacity: 0.5;
  }

  .reference {
    margin: 4px 0;
  }
  .drift {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
    margin: 2px 0;
    padding: 0;
    list-style: none;
  }
`,Kt,qt=1e3,Jt=[30,45,60],Yt=45,Xt=e=>Math.round(e*100)/100,Zt=class extends A{constructor(...e){super(...e),this._view=null,this._error=null,this._busy=!1,this._device=``,this._height=``,this._heightInvalid=!1,this._duration=Yt,this._spotRoom=``,this._confirm=null,this._written=null,this.polling=!1,this.sent=0,this.shown=0,this.skew=0}get takesSpots(){let e=this._view?.session;return!!e&&!e.recording&&!this._busy}placeSpotInRoom(){let e=this.layout?.rooms??[],t=e.find(e=>e.id===this._spotRoom)??e[0];if(!t)return;let[n,r]=dt(t.boundaries);this.placeSpot(n,r,t.floor)}placeSpot(e,t,n){if(!this.takesSpots)return;if(this._heightInvalid){this._error={text:`The phone height must be a number of metres above the floor (or blank for the plan’s device height).`,fromPoll:!1};return}let r=this._height.trim(),i={x:Xt(e),y:Xt(t),duration:this._duration,...n!==void 0&&{floor:n},...r!==``&&{height:Number(r)}};this.call(`calibration_spot`,i)}connectedCallback(){super.connectedCallback(),this.poll(),this.timer=setInterval(()=>void this.poll(),qt)}disconnectedCallback(){super.disconnectedCallback(),clearInterval(this.timer),this.timer=void 0}async poll(){if(!this.polling){this.polling=!0;try{await this.call(`calibration_status`)}finally{this.polling=!1}}}async call(e,t={}){let n=this.hass;if(!n)return;let r=e===`calibration_status`,i=++this.sent;r||(this._busy=!0,this._error=null);try{let a=await M(n,e,t),o=`written`in a?a.view:a;`written`in a&&(this._written=a.written);let s=o.session?.recording;e===`calibration_spot`&&s&&(this.skew=Date.parse(s.started)-Date.now()),r&&this._error?.fromPoll&&(this._error=null),i>this.shown&&(this.shown=i,this.show(o))}catch(e){r&&this._error&&!this._error.fromPoll||(this._error={text:N(e),fromPoll:r})}finally{r||(this._busy=!1)}}show(e){this._view=e,e.devices.some(e=>e.device===this._device)||(this._device=e.devices[0]?.device??``),this.dispatchEvent(new CustomEvent(`calibration-view`,{detail:e}))}start(){this._written=null,this.call(`calibration_start`,{device:this._device})}answerConfirm(e){let t=this._confirm;this._confirm=null,e&&(t===`apply`&&this.call(`calibration_apply`),t===`cancel`&&this.call(`calibration_cancel`))}render(){let e=this._view;return S`<section class="calibration" aria-label="Calibration">
      <h2>Calibration</h2>
      ${this._error?S`<div class="error" role="alert">${this._error.text}</div>`:T}
      ${this._written?this.writtenTemplate(this._written):T}
      ${e?e.session?this.sessionTemplate(e.session):this.startTemplate(e):S`<p class="hint">Reading the calibration…</p>`}
      ${e?.fit?this.fitTemplate(e.fit):T}
      ${e&&e.references.length>0?this.referencesTemplate(e.references):T}
    </section>`}startTemplate(e){let t=S`<p class="hint">
      Carry the phone or tag you calibrate with to a few spots spread over the house, near and far from the nodes. At each, stand still, tap where you stand
      on the plan, and hold still while the sidecar records what every node hears.
    </p>`;return e.devices.length===0?S`${t}<p class="hint">No tracked device is heard right now: turn on the phone or tag you want to use.</p>`:S`${t}
      <div class="actions">
        <label
          >Device
          <select data-field="device" @change=${e=>this._device=e.target.value}>
            ${e.devices.map(e=>S`<option value=${e.device} ?selected=${e.device===this._device}>${e.name} · ${e.nodes_hearing} ${e.nodes_hearing===1?`node`:`nodes`} hearing</option>`)}
          </select></label
        >
        <button class="primary" data-action="start" ?disabled=${this._busy||this._device===``} @click=${()=>this.start()}>Start</button>
      </div>`}sessionTemplate(e){let t=e.recording;return S`<div class="session">
      <div class="row">
        <span>Calibrating with <strong>${e.name}</strong></span>
        <button data-action="cancel" ?disabled=${this._busy} @click=${()=>this._confirm=`cancel`}>Cancel session</button>
      </div>
      ${this._confirm===`cancel`?this.confirmTemplate(S`<p>End this session and drop its ${e.spots.length} ${e.spots.length===1?`spot`:`spots`}? Nothing is written.</p>`,`Cancel session`,`Keep going`):T}
      ${t?this.recordingTemplate(t,e.spots.length+1):S`<p class="instructions">Stand still, holding the device as you usually carry it, and <strong>tap the plan where you stand</strong>.</p>
            ${this.roomSpotTemplate()}`}
      <div class="actions">
        <label
          >Phone height
          <input
            type="number"
            data-field="height"
            min="0"
            step="0.1"
            placeholder="default"
            .value=${this._height}
            @input=${e=>{let t=e.target;this._height=t.value,this._heightInvalid=t.validity.badInput||t.value!==``&&!(Number(t.value)>=0)}}
          />
          m above the floor</label
        >
        <label
          >Record
          <select data-field="duration" @change=${e=>this._duration=Number(e.target.value)}>
            ${Jt.map(e=>S`<option value=${e} ?selected=${e===this._duration}>${e} s</option>`)}
          </select></label
        >
      </div>
      ${this.spotsTemplate(e)}
    </div>`}roomSpotTemplate(){let e=this.layout;if(!e||e.rooms.length===0)return T;let t=new Set(e.rooms.map(e=>e.floor)).size;return S`<div class="actions room-spot">
      <label
        >Or stand at the middle of
        <select data-field="spot-room" @change=${e=>this._spotRoom=e.target.value}>
          ${e.rooms.map(e=>S`<option value=${e.id} ?selected=${e.id===this._spotRoom}>${e.name}${t>1?` · ${P(e.floor)}`:``}</option>`)}
        </select></label
      >
      <button data-action="record-room" ?disabled=${!this.takesSpots} @click=${()=>this.placeSpotInRoom()}>Record there</button>
    </div>`}recordingTemplate(e,t){let{fraction:n,secondsLeft:r}=Ft(e,Date.now()+this.skew),i=Math.round(n*100);return S`<div class="recording" role="status">
      <div class="progress" role="progressbar" aria-label="Recording" aria-valuemin="0" aria-valuemax="100" aria-valuenow=${i}>
        <div class="bar" style="width: ${i}%"></div>
      </div>
      <p>
        <strong>Recording spot ${t}: hold still.</strong> ${r} s left · ${e.samples} samples · ${e.nodes.length}
        ${e.nodes.length===1?`node`:`nodes`} heard
      </p>
    </div>`}spotsTemplate(e){return e.spots.length===0?S`<p class="hint">No spots yet. Three or more, in different rooms, give a useful fit.</p>`:S`<table class="spots">
      <thead>
        <tr>
          <th>Spot</th>
          <th>Nodes heard</th>
          <th>Error before → after</th>
          <th><span class="visually-hidden">Remove</span></th>
        </tr>
      </thead>
      <tbody>
        ${e.spots.map((e,t)=>S`<tr data-spot-id=${e.id}>
            <td>${t+1}</td>
            <td>${e.nodes.length}</td>
            <td>${Pt(e.error_before,e.error_after)}</td>
            <td>
              <button
                class="remove"
                data-action="remove-spot"
                aria-label="Remove spot ${t+1}"
                ?disabled=${this._busy}
                @click=${()=>void this.call(`calibration_remove_spot`,{spot:e.id})}
              >
                ×
              </button>
            </td>
          </tr>`)}
      </tbody>
    </table>`}fitTemplate(e){let t=e.nodes.filter(e=>At(e.fitted)!==``);return S`<div class="fit">
      <h3>Fit</h3>
      ${e.error_before!==null||e.error_after!==null?S`<p class="median">Median error at the spots: <strong>${Pt(e.error_before,e.error_after)}</strong></p>`:T}
      ${this.warningsTemplate(e.warnings)}
      <div class="nodes">${e.nodes.map(e=>this.nodeTemplate(e))}</div>
      <div class="actions">
        <button class="primary" data-action="apply" ?disabled=${!e.applicable||this._busy} @click=${()=>this._confirm=`apply`}>Apply…</button>
        ${e.applicable?T:S`<span class="hint">Nothing to change yet.</span>`}
      </div>
      ${this._confirm===`apply`&&e.applicable?this.confirmTemplate(S`<p>Write these values into floorplan.yaml? Comments and layout are kept.</p>
              <ul>
                ${t.map(e=>S`<li><strong>${e.name??e.node}</strong>: ${At(e.fitted)}</li>`)}
              </ul>`,`Write to floorplan.yaml`,`Back`):T}
    </div>`}nodeTemplate(e){return S`<article class="node-fit" data-node-id=${e.node}>
      <header>
        <span class="name">${e.name??e.node}</span>
        <span class="kind">${e.kind===`rssi`?`RSSI`:`distance`} · ${e.samples} samples</span>
      </header>
      <dl>
        ${kt(e).map(e=>S`<dt>${e.field}</dt>
            <dd data-field=${e.field}>${Ot(e.field,e.from)} → ${e.to===null?`kept`:Ot(e.field,e.to)}</dd>`)}
        <dt>Residual</dt>
        <dd data-field="residual">${jt(e)}</dd>
        <dt title="Share of the residual that stays while the phone stays at a spot">Persists</dt>
        <dd data-field="persistent_share">${Mt(e)}</dd>
      </dl>
      ${this.warningsTemplate(e.warnings)} ${$t(e)}
    </article>`}nodeLabel(e){return this.layout?.nodes.find(t=>t.id===e)?.name??e}referencesTemplate(e){return S`<div class="references">
      <h3>Reference beacons</h3>
      ${e.map(e=>S`<div class="reference" data-entity-id=${e.entity_id}>
          <div>
            <strong>${this.hass?.states[e.entity_id]?.attributes.friendly_name??e.entity_id}</strong>
            <span class="hint">position error ${e.position_error===null?`unknown (no position)`:it(e.position_error)}</span>
          </div>
          <ul class="drift">
            ${e.drift.map(e=>S`<li data-node-id=${e.node}>${this.nodeLabel(e.node)} <strong>${Nt(e)}</strong></li>`)}
          </ul>
        </div>`)}
      <p class="hint">Drift: how each node reads the beacon with the values in use: + reads long (distance) or strong (RSSI).</p>
    </div>`}writtenTemplate(e){return S`<div class="written" role="status">
      ${e.length===0?S`<p>Nothing needed writing: floorplan.yaml already has these values.</p>`:S`<p>Written to floorplan.yaml:</p>
            <ul>
              ${e.map(e=>S`<li data-node-id=${e.node}><strong>${this.nodeLabel(e.node)}</strong>: ${At(e)}</li>`)}
            </ul>`}
    </div>`}warningsTemplate(e){return e.length===0?T:S`<ul class="warnings">${e.map(e=>S`<li>${e}</li>`)}</ul>`}confirmTemplate(e,t,n){return S`<div class="confirm" role="alertdialog" aria-label=${t}>
      ${e}
      <div class="actions">
        <button class="primary" data-action="confirm" @click=${()=>this.answerConfirm(!0)}>${t}</button>
        <button data-action="back" @click=${()=>this.answerConfirm(!1)}>${n}</button>
      </div>
    </div>`}};Kt=Zt,Kt.properties={hass:{attribute:!1},layout:{attribute:!1},_view:{state:!0},_error:{state:!0},_busy:{state:!0},_device:{state:!0},_height:{state:!0},_duration:{state:!0},_spotRoom:{state:!0},_confirm:{state:!0},_written:{state:!0}},Kt.styles=[Ct,Gt];var Qt={current:`in use`,fitted:`fitted`,ideal:`exact`};function $t(e){let t=Wt(e),{plot:n}=t,r=e=>e.toFixed(1);return S`<figure class="chart">
    <svg viewBox="0 0 ${t.width} ${t.height}" role="img" aria-label="${t.yLabel} against ${t.xLabel}">
      <g class="grid">
        ${t.xTicks.map(e=>C`<line x1=${r(e.at)} x2=${r(e.at)} y1=${n.top} y2=${n.bottom}></line>`)}
        ${t.yTicks.map(e=>C`<line x1=${n.left} x2=${n.right} y1=${r(e.at)} y2=${r(e.at)}></line>`)}
      </g>
      <g class="tick-labels x">${t.xTicks.map(e=>C`<text x=${r(e.at)} y=${n.bottom+13}>${e.label}</text>`)}</g>
      <g class="tick-labels y">${t.yTicks.map(e=>C`<text x=${n.left-5} y=${r(e.at)}>${e.label}</text>`)}</g>
      <text class="axis-label" x=${(n.left+n.right)/2} y=${t.height-3}>${t.xLabel}</text>
      <text class="axis-label" transform="translate(9 ${(n.top+n.bottom)/2}) rotate(-90)">${t.yLabel}</text>
      <g class="points">${t.points.map(([e,t])=>C`<circle class="point" cx=${r(e)} cy=${r(t)} r="2"></circle>`)}</g>
      <g class="curves">
        ${t.curves.map(e=>C`<line class="curve ${e.kind}" data-curve=${e.kind} x1=${r(e.from[0])} y1=${r(e.from[1])} x2=${r(e.to[0])} y2=${r(e.to[1])}></line>`)}
      </g>
    </svg>
    <figcaption class="legend">
      ${t.curves.map(e=>S`<span class="key ${e.kind}">${Qt[e.kind]}</span>`)}<span class="key samples">samples</span>
    </figcaption>
  </figure>`}customElements.get(`floorplan-presence-calibration`)||customElements.define(`floorplan-presence-calibration`,Zt);function en(e){return e===void 0?`nothing`:typeof e==`number`&&!Number.isFinite(e)?String(e):JSON.stringify(e)??String(e)}function V(e,t,n){throw Error(`${e} must be ${t}, got ${en(n)}`)}var H=e=>typeof e==`object`&&!!e&&!Array.isArray(e),U=e=>typeof e==`number`&&Number.isFinite(e);function tn(e,t){let n=Object.fromEntries(Object.entries(e).filter(([,e])=>e!==void 0));return{...t,...n}}function nn(e,t,n,r,i){let a={...e},o=n===void 0||n===``||typeof n==`object`&&!!n&&Object.keys(n).length===0,s=r[t];o||s!==void 0&&JSON.stringify(n)===JSON.stringify(s)?delete a[t]:a[t]=n;try{return{config:i(a),problem:null}}catch(e){return{config:null,problem:e.message}}}var rn=`custom:floorplan-presence-card`,W={trail:30,range_circles:!0,rotation:0,show_nodes:!0,show_static_entities:!0,node_stale_after:60};function an(e){return tn(e,W)}var on=[`more-info`,`toggle`,`navigate`,`url`,`perform-action`,`call-service`,`none`],sn=e=>typeof e==`string`&&/^[a-z0-9_]+\.[a-z0-9_]+$/.test(e),cn=e=>Array.isArray(e)&&e.length===2&&e.every(U);function ln(e,t){if(H(t)||V(e,`either {points: [two {pixel, metres}]} or {origin, metres_per_pixel}`,t),`points`in t){let n=t.points;Array.isArray(n)&&n.length===2||V(`${e}.points`,`a list of two {pixel: [u, v], metres: [x, y]}`,n),n.forEach((t,n)=>{H(t)&&cn(t.pixel)&&cn(t.metres)||V(`${e}.points[${n}]`,`{pixel: [u, v], metres: [x, y]} with numbers`,t)});let[r,i]=n;r.pixel[0]===i.pixel[0]&&r.pixel[1]===i.pixel[1]&&V(`${e}.points`,`two different pixels`,n)}else cn(t.origin)||V(`${e}.origin`,`the plan metres [x, y] of the image’s top-left corner`,t.origin),(!U(t.metres_per_pixel)||t.metres_per_pixel<=0)&&V(`${e}.metres_per_pixel`,`a number > 0`,t.metres_per_pixel),t.rotation!==void 0&&!U(t.rotation)&&V(`${e}.rotation`,`a number of degrees`,t.rotation)}function un(e){H(e)||V(`the card configuration`,`a mapping of options`,e);let t=e;typeof t.type!=`string`&&V(`type`,`"${rn}"`,t.type);for(let e of[`title`,`floor`])t[e]!==void 0&&(typeof t[e]!=`string`||t[e]===``)&&V(e,`a non-empty text`,t[e]);t.follow!==void 0&&!sn(t.follow)&&V(`follow`,`an entity id such as person.alice`,t.follow),t.entities!==void 0&&(Array.isArray(t.entities)||V(`entities`,`a list of entity ids`,t.entities),t.entities.forEach((e,t)=>{sn(e)||V(`entities[${t}]`,`an entity id such as person.alice`,e)})),t.trail!==void 0&&(!U(t.trail)||t.trail<0)&&V(`trail`,`a number of seconds ≥ 0`,t.trail),t.node_stale_after!==void 0&&(!U(t.node_stale_after)||t.node_stale_after<=0)&&V(`node_stale_after`,`a number of seconds > 0`,t.node_stale_after),t.rotation!==void 0&&!U(t.rotation)&&V(`rotation`,`a number of degrees`,t.rotation);for(let e of[`range_circles`,`show_nodes`,`show_static_entities`])t[e]!==void 0&&typeof t[e]!=`boolean`&&V(e,`true or false`,t[e]);if(t.images!==void 0){H(t.images)||V(`images`,`a mapping of floor id to {url, georeference}`,t.images);for(let[e,n]of Object.entries(t.images)){let t=`images.${e}`;H(n)||V(t,`{url, georeference, opacity?}`,n),(typeof n.url!=`string`||n.url===``)&&V(`${t}.url`,`the image’s URL, e.g. /local/floorplan/ground.png`,n.url),ln(`${t}.georeference`,n.georeference),n.opacity!==void 0&&(!U(n.opacity)||n.opacity<0||n.opacity>1)&&V(`${t}.opacity`,`a number from 0 to 1`,n.opacity)}}for(let e of[`tap_action`,`hold_action`,`double_tap_action`]){let n=t[e];n!==void 0&&(H(n)&&on.includes(n.action)||V(`${e}.action`,`one of ${on.join(`, `)}`,H(n)?n.action:n))}return t}var dn=/* @__PURE__ */ new Map;function fn(e){let t=dn.get(e);if(!t){let n=new Image;n.src=e,t=n.decode().then(()=>({width:n.naturalWidth,height:n.naturalHeight})),t.catch(()=>dn.delete(e)),dn.set(e,t)}return t}function pn(e,t){if(e.length===0||t.width===0||t.height===0)return{origin:[0,0],metres_per_pixel:.01};let n=e.map(e=>e[0]),r=e.map(e=>e[1]),[i,a,o,s]=[Math.min(...n),Math.max(...n),Math.min(...r),Math.max(...r)],c=Math.max((a-i)/t.width,(s-o)/t.height)||.01;return{origin:[i,s],metres_per_pixel:Number(c.toPrecision(4))}}function mn(e,t,n){let{x:r,y:i}=new DOMPoint(t,n).matrixTransform(e.getScreenCTM().inverse());return[r,i]}function hn(e,[t,n]){let r=new DOMPoint(t,n).matrixTransform(e.getScreenCTM());return[r.x,r.y]}var gn=600,_n=class{constructor(e,t){this.host=e,this.selector=t,this.width=0,this.height=0,this.observed=null,this.observer=new ResizeObserver(([e])=>{let{width:t,height:n}=e.contentRect;t!==0&&n!==0&&(this.width=t,this.height=n,this.host.requestUpdate())}),e.addController(this)}unit(e){return this.width>0?Math.max(e.width/this.width,e.height/this.height):e.width/gn}hostUpdated(){let e=this.host.renderRoot.querySelector(this.selector);e!==this.observed&&(this.observed&&this.observer.unobserve(this.observed),e&&this.observer.observe(e),this.observed=e)}hostConnected(){this.host.requestUpdate()}hostDisconnected(){this.observer.disconnect(),this.observed=null}};function vn(e,t){return e.map(e=>I(t,e).join(`,`)).join(` `)}function yn(e,t,n,r=null){return C`<g class="rooms">
    ${e.map(e=>{let[i,a]=I(t,dt(e.boundaries));return C`<polygon class="room ${e.id===r?`selected`:``}" data-room-id=${e.id}
          points=${vn(e.boundaries,t)}></polygon>
        <text class="room-name" x=${i} y=${a} font-size=${n}>${e.name||e.id}</text>`})}
  </g>`}function bn(e,t,n,r=1){return C`<image class="background" href=${e} width=${t.width} height=${t.height}
    transform="matrix(${n.join(` `)})" opacity=${r} preserveAspectRatio="none"></image>`}var xn,Sn=`http://www.w3.org/2000/svg`,Cn=20,wn=6.5,Tn=14,En=7,G=e=>[e[0],e[1]],Dn=class extends A{constructor(...e){super(...e),this.view=L(0),this.selected=null,this.isAdmin=!1,this.calibrating=!1,this.calibrationView=null,this.data=new tt(e=>this.onDataChange(e)),this.motions=/* @__PURE__ */ new Map,this.gliding=/* @__PURE__ */ new Set,this.trails=/* @__PURE__ */ new Map,this.entityElements=/* @__PURE__ */ new Map,this.trailElements=/* @__PURE__ */ new Map,this.renderedMarkers=``,this.staticStates=/* @__PURE__ */ new Map,this.imageSizes=/* @__PURE__ */ new Map,this.metresPerPixel=.025,this.gestures=new et((e,t)=>this.onGesture(e,t),{hold:e=>this.distinguishes(e,`hold`),doubleTap:e=>this.distinguishes(e,`double_tap`)}),this.onCalibrationView=e=>{this.calibrationView=e.detail,this.renderCalibrationSpots()},this.frame=e=>{this.frameRequest=void 0;for(let t of this.gliding){let n=this.motions.get(t);n&&this.entityElements.get(t)?.setAttribute(`transform`,this.markerTransform(t,e)),(!n||_t(n.glide,e))&&this.gliding.delete(t)}this.startFrames()},this.onPointerDown=e=>{if(!e.isPrimary||e.button!==0)return;let t=this.spotTaker()!==null,n=e.currentTarget;this.pressedAt=t?I(ot(this.view),mn(n,e.clientX,e.clientY)):void 0,this.gestures.down(t?null:this.targetOf(e),e.clientX,e.clientY)},this.onPointerMove=e=>{e.isPrimary&&this.gestures.move(e.clientX,e.clientY)},this.onPointerUp=e=>{e.isPrimary&&this.gestures.up()},this.onPointerCancel=()=>{this.gestures.cancel()},this.onKeyDown=e=>{let t=this.targetOf(e);t===null||e.key!==`Enter`&&e.key!==` `||(e.preventDefault(),this.onGesture(t,`tap`))}}static getConfigElement(){return document.createElement(`floorplan-presence-card-editor`)}static async getStubConfig(e){try{let t=(await M(e,`card_layout`)).floors[0]?.id;return t?{type:rn,floor:t}:{type:rn}}catch{return{type:rn}}}set hass(e){this.hassValue=e,this.isConnected&&this.data.setHass(e),e.user?.is_admin===!0!==this.isAdmin&&(this.isAdmin=!this.isAdmin,this.requestUpdate()),this.staticStatesChanged()&&this.requestUpdate(),this.updateEntities()}get hass(){return this.hassValue}setConfig(e){let t=an(un(e));t.follow!==this.config?.follow&&(this.followedFloor=void 0),this.config=t,this.view=L(t.rotation),this.followEntity(),this.requestUpdate()}selectEntity(e){e!==this.selected&&(this.selected=e,this.requestUpdate())}getCardSize(){let e=this.data.layout;if(!e)return 6;let t=yt(e,this.view);return 2+Math.ceil(t.height/t.width*8)}getGridOptions(){return{columns:12,rows:`auto`,min_columns:6,min_rows:4}}connectedCallback(){super.connectedCallback(),this.hassValue&&this.data.setHass(this.hassValue),this.ticker=setInterval(()=>{let e=performance.now();for(let t of this.trailElements.keys())e-(this.motions.get(t)?.fixAt??0)>=1e3&&this.drawTrail(t,e);this.refreshLive()},1e3),this.observeSize(),this.startFrames()}disconnectedCallback(){super.disconnectedCallback(),this.data.stop(),clearInterval(this.ticker),this.frameRequest!==void 0&&cancelAnimationFrame(this.frameRequest),this.frameRequest=void 0,this.gestures.dispose(),this.resizeObserver?.disconnect(),this.observedPlan=void 0}onDataChange(e){if(e.kind!==`positions`){this.requestUpdate();return}let t=performance.now();for(let t of e.removed)this.motions.delete(t),this.trails.delete(t);for(let n of e.changed){let e=this.data.entities.get(n);e&&this.onFix(e,t)}this.followEntity(),this.updateEntities()&&this.selected!==null&&e.changed.includes(this.selected)&&this.renderRanges(),this.refreshLive(),this.startFrames()}updateEntities(){let e=this.shownEntities();return this.markersKey(e)===this.renderedMarkers?(this.renderChips(e),!0):(this.requestUpdate(),!1)}onFix(e,t){let n=e.entity_id,r=this.motions.get(n);if(!e.present||!e.coordinates){this.motions.delete(n);return}let i=G(e.coordinates);if(this.entityElements.get(n)?.querySelector(`.accuracy`)?.setAttribute(`r`,this.accuracyRadius(e)),r&&r.glide.to[0]===i[0]&&r.glide.to[1]===i[1])return;this.motions.set(n,{glide:vt(r?.glide,r?.fixAt,i,t),fixAt:t}),this.gliding.add(n);let a=this.config,o=this.data.layout;if(a&&o&&a.trail>0){let r=R(o,e.floor)??null;this.trails.set(n,wt(this.trails.get(n)??[],{at:t,point:i,floor:r},a.trail*1e3)),this.drawTrail(n,t)}}followEntity(){let e=this.config?.follow,t=this.data.layout,n=e?this.data.entities.get(e):void 0;if(!t||!n?.present||!n.coordinates)return;let r=R(t,n.floor);r&&r!==this.followedFloor&&(this.followedFloor=r,this.showFloor(r))}showFloor(e){e!==this.currentFloor()&&(this.chosenFloor=e,this.requestUpdate())}currentFloor(){let e=this.data.layout?.floors??[],t=t=>t!==void 0&&e.some(e=>e.id===t);return t(this.chosenFloor)?this.chosenFloor:t(this.config?.floor)?this.config?.floor:e[0]?.id}shownEntities(){let e=this.config?.entities;return e?e.flatMap(e=>this.data.entities.get(e)??[]):[...this.data.entities.values()].sort((e,t)=>e.name.localeCompare(t.name))}whereabouts(e){if(!e.present)return`away`;let t=this.data.layout;return!e.coordinates||!t?`unknown`:R(t,e.floor)===this.currentFloor()?`here`:`elsewhere`}picture(e){return this.hassValue?.states[e]?.attributes.entity_picture}markersKey(e){return e.map(e=>[e.entity_id,e.name,this.whereabouts(e)===`here`,this.picture(e.entity_id)].join(``)).join(``)}staticStatesChanged(){let e=this.config?.show_static_entities?this.data.layout?.static_entities??[]:[],t=!1;for(let{entity_id:n}of e){let e=this.hassValue?.states[n];this.staticStates.get(n)!==e&&(t=!0),this.staticStates.set(n,e)}return t}render(){let e=this.config;if(!e)return T;let t=this.data.layout,n=this.currentFloor(),r=this.shownEntities();this.renderedMarkers=this.markersKey(r);let i=this.data.error;return S`<ha-card>
      ${e.title?S`<h1 class="title">${e.title}</h1>`:T}
      ${this.renderToolbar(t,n)}
      ${i?S`<div class="banner error" role="alert">${i}</div>`:T}
      ${t&&n?S`<div class="stage">
            ${this.data.sidecarConnected===!1?S`<div class="banner disconnected" role="status">Floorplan sidecar disconnected — showing the last known positions</div>`:T}
            ${this.renderPlan(t,n,r)}
          </div>`:i?T:S`<div class="message">${t?`floorplan.yaml has no floors yet.`:`Loading the floor plan…`}</div>`}
      <div class="chips" role="toolbar" aria-label="Moving entities"></div>
      <div class="details"></div>
      ${this.calibrating&&t?S`<floorplan-presence-calibration .hass=${this.hassValue} .layout=${t} @calibration-view=${this.onCalibrationView}></floorplan-presence-calibration>`:T}
    </ha-card>`}renderToolbar(e,t){let n=e&&e.floors.length>1?this.renderTabs(e,t):T,r=this.isAdmin&&e!==null;return n===T&&!r?T:S`<div class="toolbar">
      ${n}
      ${r?S`<button class="chip calibrate" aria-pressed=${this.calibrating?`true`:`false`} @click=${()=>this.toggleCalibration()}>
            ${this.calibrating?`Close calibration`:`Calibrate`}
          </button>`:T}
    </div>`}renderTabs(e,t){return S`<div class="tabs" role="tablist">
      ${e.floors.map(e=>S`<button class="tab" role="tab" data-floor=${e.id} aria-selected=${e.id===t?`true`:`false`} @click=${()=>this.showFloor(e.id)}>
            ${P(e.id)}
          </button>`)}
    </div>`}renderPlan(e,t,n){let r=this.config,i=yt(e,this.view),a=e=>I(this.view,e),o=e.rooms.filter(e=>e.floor===t),s=r.show_nodes?e.nodes.filter(n=>R(e,n.floor)===t):[],c=n.filter(e=>this.whereabouts(e)===`here`),l=this.staticBoxes(e,t);return c.sort((e,t)=>Number(e.entity_id===this.selected)-Number(t.entity_id===this.selected)),S`<svg
      class="plan ${c.length>Cn?`crowded`:``}"
      viewBox="${i.x} ${i.y} ${i.width} ${i.height}"
      data-floor=${t}
      @pointerdown=${this.onPointerDown}
      @pointermove=${this.onPointerMove}
      @pointerup=${this.onPointerUp}
      @pointercancel=${this.onPointerCancel}
      @pointerleave=${this.onPointerCancel}
      @keydown=${this.onKeyDown}
    >
      <defs><clipPath id="avatar-clip" clipPathUnits="objectBoundingBox"><circle cx="0.5" cy="0.5" r="0.5"></circle></clipPath></defs>
      <rect class="backdrop" x=${i.x} y=${i.y} width=${i.width} height=${i.height}></rect>
      ${this.renderImage(t)}
      <g class="rooms">
        ${o.map(e=>C`<polygon class="room" data-room-id=${e.id} points=${e.boundaries.map(a).join(` `)}></polygon>`)}
      </g>
      <g class="room-labels">
        ${o.map(e=>this.roomLabel(e,l))}
      </g>
      <g class="statics"></g>
      <g class="nodes">
        ${s.map(e=>C`<g class="node" data-node-id=${e.id} transform=${this.pinned(a(G(e.coordinates)))}>
              <title>${e.name??e.id}</title>
              <rect class="mark" x="-4.5" y="-4.5" width="9" height="9" transform="rotate(45)"></rect>
            </g>`)}
      </g>
      <g class="ranges"></g>
      <g class="trails">
        ${Xe(c,e=>e.entity_id,e=>C`<g class="trail" data-trail-of=${e.entity_id} style="--entity-color: ${xt(e.entity_id)}"></g>`)}
      </g>
      <g class="entities">${Xe(c,e=>e.entity_id,e=>this.renderEntity(e))}</g>
      <g class="calibration-spots"></g>
    </svg>`}renderImage(e){let t=this.config.images?.[e];if(!t)return T;let n=this.imageSizes.get(t.url);return n?bn(t.url,n,at(this.view,st(t.georeference)),t.opacity??1):(fn(t.url).then(e=>{this.imageSizes.set(t.url,e),this.requestUpdate()},()=>void 0),T)}renderEntity(e){let t=e.entity_id,n=this.picture(t);return C`<g class="entity ${t===this.selected?`selected`:``}" data-entity-id=${t} transform=${this.markerTransform(t,performance.now())}
      tabindex="0" role="button" aria-label=${e.name} style="--entity-color: ${xt(t)}">
      <circle class="accuracy" r=${this.accuracyRadius(e)}></circle>
      ${t===this.selected?C`<circle class="halo" r="17"></circle>`:T}
      <circle class="badge" r="14"></circle>
      ${n?C`<image href=${n} x="-13" y="-13" width="26" height="26" clip-path="url(#avatar-clip)" preserveAspectRatio="xMidYMid slice"></image>`:C`<text class="initials">${rt(e.name)}</text>`}
      <text class="name" y="19">${e.name}</text>
    </g>`}markerTransform(e,t){let n=this.motions.get(e),r=this.data.entities.get(e)?.coordinates,i=n?gt(n.glide,t):r?G(r):[0,0];return this.pinned(I(this.view,i))}pinned([e,t]){return`translate(${e.toFixed(3)} ${t.toFixed(3)}) scale(${this.metresPerPixel.toPrecision(4)})`}accuracyRadius(e){return((e.accuracy??0)/this.metresPerPixel).toFixed(1)}renderChips(e){let t=this.renderRoot?.querySelector(`.chips`),n=e.map(e=>({entity:e,whereabouts:this.whereabouts(e),picture:this.picture(e.entity_id)})),r=JSON.stringify([this.selected,n.map(e=>[e.entity.entity_id,e.entity.name,e.entity.floor,e.entity.room_name,e.whereabouts,e.picture])]);!t||t===this.renderedChips?.row&&r===this.renderedChips.key||(this.renderedChips={row:t,key:r},k(Xe(n,e=>e.entity.entity_id,({entity:e,whereabouts:t})=>S`<button
        class="chip ${t}"
        data-entity-id=${e.entity_id}
        aria-pressed=${e.entity_id===this.selected?`true`:`false`}
        @click=${()=>this.selectEntity(e.entity_id===this.selected?null:e.entity_id)}
      >
        ${this.renderAvatar(e)}<span>${e.name}</span><span class="where">${this.whereText(e,t)}</span>
      </button>`),t,{host:this}))}renderAvatar(e){let t=this.picture(e.entity_id);return S`<span class="avatar" style="--entity-color: ${xt(e.entity_id)}"
      >${t?S`<img src=${t} alt="" />`:rt(e.name)}</span
    >`}whereText(e,t){switch(t){case`here`:return e.room_name??``;case`elsewhere`:return[e.floor&&P(e.floor),e.room_name].filter(Boolean).join(` · `);case`away`:return`Away`;case`unknown`:return`No position`}}updated(){let e=this.renderRoot,t=(t,n)=>new Map([...e.querySelectorAll(t)].map(e=>[e.dataset[n],e]));this.entityElements=t(`g.entity`,`entityId`),this.trailElements=t(`g.trail`,`trailOf`);let n=performance.now();for(let e of this.trailElements.keys())this.drawTrail(e,n);this.renderStatics(),this.renderRanges(),this.renderChips(this.shownEntities()),this.renderCalibrationSpots(),this.refreshLive(),this.observeSize(),this.startFrames()}renderStatics(){let e=this.renderRoot.querySelector(`g.statics`),t=this.data.layout,n=this.currentFloor();e&&t&&k(this.shownStatics(t,n).map(e=>this.staticTemplate(e)),e,{host:this})}shownStatics(e,t){return this.config?.show_static_entities?e.static_entities.filter(n=>R(e,n.floor)===t):[]}staticText(e){let t=this.hassValue,n=t?.states[e.entity_id];return n&&(t.formatEntityState?.(n)??`${n.state}${n.attributes.unit_of_measurement?` ${n.attributes.unit_of_measurement}`:``}`)}staticBoxes(e,t){return this.shownStatics(e,t).map(e=>{let t={x:-10,y:-10,width:23+(this.staticText(e)?.length??0)*wn,height:20};return{at:I(this.view,G(e.coordinates)),box:t}})}roomLabel(e,t){let n=I(this.view,dt(e.boundaries)),r=t.map(({at:[e,t],box:r})=>({...r,x:r.x+(e-n[0])/this.metresPerPixel,y:r.y+(t-n[1])/this.metresPerPixel}));return C`<text class="room-label" y=${pt({width:e.name.length*En,height:Tn},r)} transform=${this.pinned(n)}>${e.name}</text>`}staticTemplate(e){let t=this.hassValue,n=t?.states[e.entity_id],r=this.staticText(e);return C`<g class="static" data-static-id=${e.entity_id} transform=${this.pinned(I(this.view,G(e.coordinates)))}>
      <title>${n?.attributes.friendly_name??e.entity_id}</title>
      ${n&&customElements.get(`ha-state-icon`)?C`<foreignObject x="-10" y="-10" width="20" height="20"><ha-state-icon .hass=${t} .stateObj=${n}></ha-state-icon></foreignObject>`:C`<circle class="mark" r="5"></circle>`}
      ${r?C`<text class="state" x="13">${r}</text>`:T}
    </g>`}renderRanges(){let e=this.renderRoot.querySelector(`g.ranges`);if(!e)return;let t=this.selected===null?void 0:this.data.entities.get(this.selected),n=this.config?.range_circles&&t&&this.whereabouts(t)===`here`,r=t?.coordinates?.[2]??0;k(n?t.ranges.map(e=>this.rangeTemplate(e,r)):T,e,{host:this})}rangeTemplate(e,t){let n=this.data.layout?.nodes.find(t=>t.id===e.node);if(!n)return T;let[r,i]=I(this.view,G(n.coordinates)),a=n.coordinates[2]-t,o=e=>Math.sqrt(Math.max(0,e*e-a*a)),s=o(Math.max(0,e.distance-e.sigma)),c=o(e.distance+e.sigma);return C`<g class="range" data-node-id=${n.id}>
      <circle class="band" cx=${r} cy=${i} r=${(s+c)/2} stroke-width=${c-s}></circle>
      <circle class="distance" cx=${r} cy=${i} r=${o(e.distance)}></circle>
    </g>`}toggleCalibration(){this.calibrating=!this.calibrating,this.calibrating||(this.calibrationView=null),this.requestUpdate()}spotTaker(){let e=this.calibrating?this.renderRoot.querySelector(`floorplan-presence-calibration`):null;return e?.takesSpots?e:null}renderCalibrationSpots(){let e=this.renderRoot.querySelector(`g.calibration-spots`),t=this.data.layout;if(!e||!t)return;let n=this.calibrating?this.calibrationView?.session:null;e.closest(`svg`)?.classList.toggle(`spotting`,!!n&&!n.recording);let r=this.currentFloor(),i=e=>R(t,e.floor)===r,a=(e,t,n)=>C`<g class="calibration-spot ${n?`recording`:``}" transform=${this.pinned(I(this.view,G(e)))}>
        ${n?C`<circle class="pulse" r="18"></circle>`:T}
        <circle class="dot" r="10"></circle>
        <text>${t}</text>
      </g>`,o=n?.spots.flatMap((e,t)=>i(e)?[a(e.coordinates,t+1,!1)]:[])??[],s=n?.recording;k([o,s&&i(s)?a(s.coordinates,n.spots.length+1,!0):T],e,{host:this})}drawTrail(e,t){let n=this.trailElements.get(e),r=this.currentFloor();if(!n||!r||!this.config)return;let i=Tt((this.trails.get(e)??[]).slice(0,-1),r,t,this.config.trail*1e3);for(;n.childElementCount>i.length;)n.lastElementChild.remove();i.forEach((e,t)=>{let r=n.children[t]??n.appendChild(document.createElementNS(Sn,`polyline`)),i=e.points.map(e=>I(this.view,e).map(e=>e.toFixed(3)).join(`,`)).join(` `),a=(.7*e.opacity).toFixed(2);r.getAttribute(`points`)!==i&&r.setAttribute(`points`,i),r.getAttribute(`stroke-opacity`)!==a&&r.setAttribute(`stroke-opacity`,a)})}refreshLive(){let e=this.renderRoot,t=this.config;if(!t||!e)return;let n=new Set(this.shownEntities().flatMap(e=>e.present&&e.room?[e.room]:[]));for(let t of e.querySelectorAll(`.room`))t.classList.toggle(`occupied`,n.has(t.dataset.roomId));let r=Date.now();for(let n of e.querySelectorAll(`g.node`)){let e=this.data.nodesHeard[n.dataset.nodeId];n.classList.toggle(`stale`,!e||r-Date.parse(e)>t.node_stale_after*1e3)}this.renderDetails(r)}renderDetails(e){let t=this.renderRoot.querySelector(`.details`);if(!t)return;let n=this.selected===null?void 0:this.data.entities.get(this.selected);k(n?this.detailsTemplate(n,e):T,t,{host:this})}detailsTemplate(e,t){let n=this.data.layout?.nodes??[],r=e.nodes_used.map(e=>n.find(t=>t.id===e)?.name??e),i=this.hassValue?.language??navigator.language,a=(e,t)=>S`<dt>${e}</dt><dd>${t}</dd>`;return S`<section data-entity-id=${e.entity_id} aria-label="Details">
      <header>
        ${this.renderAvatar(e)}<span class="name">${e.name}</span>
        <button class="close" aria-label="Close" @click=${()=>this.selectEntity(null)}>×</button>
      </header>
      <dl>
        ${e.present?T:a(`Status`,`Away`)}
        ${e.reason?a(`No position`,e.reason):T}
        ${a(`Room`,e.room_name??`—`)}
        ${a(`Floor`,e.floor?P(e.floor):`—`)}
        ${a(`Accuracy`,e.accuracy===null?`—`:`± ${it(e.accuracy)}`)}
        ${a(`Last seen`,e.last_seen?nt(e.last_seen,t,i):`never`)}
        ${a(`Nodes used`,r.join(`, `)||`none`)}
      </dl>
    </section>`}observeSize(){let e=this.renderRoot?.querySelector(`svg.plan`)??void 0;e!==this.observedPlan&&(this.resizeObserver?.disconnect(),this.observedPlan=e,this.planSize=void 0,e&&(this.resizeObserver??=new ResizeObserver(([e])=>{this.planSize=e&&{width:e.contentRect.width,height:e.contentRect.height},this.updateScale()}),this.resizeObserver.observe(e))),this.updateScale()}updateScale(){let e=this.planSize,t=this.data.layout;if(!t||!e||e.width===0||e.height===0)return;let n=yt(t,this.view),r=Math.max(n.width/e.width,n.height/e.height);r!==this.metresPerPixel&&(this.metresPerPixel=r,this.requestUpdate())}startFrames(){this.frameRequest===void 0&&this.gliding.size>0&&this.isConnected&&(this.frameRequest=requestAnimationFrame(this.frame))}targetOf(e){let t=e.target.closest(`[data-entity-id], [data-static-id]`);return t?.dataset.entityId??t?.dataset.staticId??null}entityActions(e){if(!this.data.entities.has(e))return{entity:e};let{tap_action:t,hold_action:n,double_tap_action:r}=this.config;return{entity:e,tap_action:t,hold_action:n,double_tap_action:r}}distinguishes(e,t){return e!==null&&Ze(this.entityActions(e),t).action!==`none`}onGesture(e,t){if(e===null){let e=this.pressedAt;e&&t===`tap`?this.spotTaker()?.placeSpot(e[0],e[1],this.currentFloor()):this.selectEntity(null)}else this.data.entities.has(e)&&this.selectEntity(e),Qe(this,this.entityActions(e),t)}};xn=Dn,xn.styles=St,customElements.get(`floorplan-presence-card`)||(customElements.define(`floorplan-presence-card`,Dn),(window.customCards??=[]).push({type:`floorplan-presence-card`,name:`Floorplan Presence`,description:`Where people and devices are on your floor plan, from Bermuda BLE distances: rooms, floors, trails and ranges.`,preview:!0,documentationURL:`https://github.com/floorplan-presence/floorplan-presence/blob/main/docs/CARD.md`}));var On,kn=class extends A{constructor(...e){super(...e),this._problem=null,this.loading=!1}setConfig(e){this._config=e}willUpdate(e){e.has(`hass`)&&this.hass&&!this.loading&&(this.loading=!0,this.load(this.hass))}set(e,t){let{config:n,problem:r}=nn(this._config,e,t,this.defaults,e=>this.validate(e));this._problem=r,n&&(this._config=n,this.dispatchEvent(new CustomEvent(`config-changed`,{detail:{config:n},bubbles:!0,composed:!0})))}floorSelect(e){let t=this._config.floor;return S`<select id="floor" data-option="floor" @change=${e=>this.set(`floor`,e.target.value)}>
      <option value="" ?selected=${!t}>The first floor</option>
      ${e.map(e=>S`<option value=${e.id} ?selected=${e.id===t}>${P(e.id)}</option>`)}
      ${t&&!e.some(e=>e.id===t)?S`<option value=${t} selected>${t}</option>`:T}
    </select>`}};On=kn,On.properties={hass:{attribute:!1},_config:{state:!0},_problem:{state:!0}};var An=o`
  .form {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 8px 16px;
    align-items: center;
  }
  .form > input[type='text'],
  .form > input:not([type]),
  .form > select {
    width: 100%;
    max-width: 24em;
    box-sizing: border-box;
  }
  .form input[type='number'] {
    width: 9em;
  }
  .choices {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 16px;
  }
`;function jn(e){return{past:[],present:e,future:[]}}function Mn(e,t,n=200){return{past:[...e.past,e.present].slice(-n),present:t,future:[]}}function Nn(e,t){return{...e,present:t}}function Pn(e){return e.past.length>0}function Fn(e){return e.future.length>0}function In(e){return e.past.length===0?e:{past:e.past.slice(0,-1),present:e.past[e.past.length-1],future:[e.present,...e.future]}}function Ln(e){return e.future.length===0?e:{past:[...e.past,e.present],present:e.future[0],future:e.future.slice(1)}}function Rn(e){return Math.round(e*1e3)/1e3}function zn(e){return e.map(Rn)}function Bn(e,t){return e.length===t.length&&e.every((e,n)=>e.length===t[n].length&&e.every((e,r)=>Rn(e)===Rn(t[n][r])))}function K(e){return e===null||e.trim()===``?null:e.trim()}function Vn(e,t){return Bn([e.coordinates],[t.coordinates])&&K(e.name)===K(t.name)}function Hn(e,t){return e.floor===t.floor&&K(e.area)===K(t.area)&&K(e.name)===K(t.name)&&Bn(e.boundaries,t.boundaries)}function Un(e,t){let n=K(e.name),r=n!==null&&n!==K(t?.name??null);return{op:`set_node`,id:e.id,coordinates:zn(e.coordinates),...r?{name:n}:{}}}function Wn(e,t){let n={op:`set_room`,id:e.id,floor:e.floor,boundaries:e.boundaries.map(zn)},r=K(e.area),i=K(e.name);return(t?r!==K(t.area):r!==null)&&(n.area=r),(t?i!==K(t.name):i!==null)&&(n.name=i),n}function Gn(e,t){let n=new Map(e.nodes.map(e=>[e.id,e])),r=new Map(e.rooms.map(e=>[e.id,e])),i=new Set(t.nodes.map(e=>e.id)),a=new Set(t.rooms.map(e=>e.id)),o=[];for(let t of e.rooms)a.has(t.id)||o.push({op:`remove_room`,id:t.id});for(let t of e.nodes)i.has(t.id)||o.push({op:`remove_node`,id:t.id});for(let e of t.nodes){let t=n.get(e.id);t&&Vn(t,e)||o.push(Un(e,t))}for(let e of t.rooms){let t=r.get(e.id);t&&Hn(t,e)||o.push(Wn(e,t))}return o}var Kn=o`
  ${Ct}
  :host {
    display: block;
    color: var(--primary-text-color);
    font-family: var(--paper-font-body1_-_font-family, inherit);
  }
  svg.plan {
    display: block;
    width: 100%;
    max-height: 60vh;
    background: var(--secondary-background-color, #f5f5f5);
    border-radius: 4px;
    user-select: none;
    outline: none;
  }
  svg.plan:focus-visible {
    box-shadow: 0 0 0 2px var(--primary-color);
  }
  .room {
    fill: var(--primary-color);
    fill-opacity: 0.08;
    stroke: var(--secondary-text-color);
    stroke-width: 1.5px;
    vector-effect: non-scaling-stroke;
  }
  .room.selected {
    fill-opacity: 0.2;
    stroke: var(--primary-color);
    stroke-width: 2.5px;
  }
  .room-name {
    fill: var(--secondary-text-color);
    text-anchor: middle;
    dominant-baseline: middle;
    pointer-events: none;
  }
`,qn,Jn=(e,t)=>Number(e.toFixed(t)),Yn=class extends A{constructor(...e){super(...e),this.url=``,this.size={width:1,height:1},this.rooms=[],this._pixels=[],this._metres=[[``,``],[``,``]],this._next=0,this.scale=new _n(this,`svg`)}pointPair(){if(this._pixels.length<2)return null;let e=this._metres.map(e=>e.map(e=>e.trim()===``?NaN:Number(e)));if(e.some(e=>!e.every(Number.isFinite)))return null;let[t,n]=this._pixels,[r,i]=e;return t[0]===n[0]&&t[1]===n[1]||r[0]===i[0]&&r[1]===i[1]?null:[{pixel:t,metres:r},{pixel:n,metres:i}]}onPointerDown(e){if(e.button!==0)return;let[t,n]=mn(e.currentTarget,e.clientX,e.clientY),r=[Jn(t,1),Jn(n,1)],i=this._next;if(this._pixels=i===0?[r,...this._pixels.slice(1)]:[this._pixels[0],r],this._next=1-i,this.georeference&&this._metres[i].every(e=>e===``)){let e=I(st(this.georeference),r).map(e=>String(Jn(e,2)));this._metres=this._metres.map((t,n)=>n===i?e:t)}}setMetre(e,t,n){this._metres=this._metres.map((r,i)=>i===e?r.map((e,r)=>r===t?n:e):r)}applyPoints(){let e=this.pointPair();e&&this.dispatchEvent(new CustomEvent(`georeference-changed`,{detail:{georeference:{points:e}}}))}render(){let e=this.pointPair(),t=e?{points:e}:this.georeference,n={x:0,y:0,width:this.size.width,height:this.size.height},r=this.scale.unit(n);return S`
      <p class="hint">
        Click two points on the image whose plan coordinates you know (corners of the house work well), then type
        their metres. The room outlines show where the plan lands. Next click sets point ${this._next+1}.
      </p>
      <svg class="plan georeference" viewBox="0 0 ${n.width} ${n.height}" @pointerdown=${this.onPointerDown}>
        ${bn(this.url,this.size,[1,0,0,1,0,0])}
        ${t?yn(this.rooms,ot(st(t)),12*r):T}
        ${this._pixels.map(([e,t],n)=>C`<g class="marker">
            <circle cx=${e} cy=${t} r=${6*r}></circle>
            <text x=${e+9*r} y=${t-9*r} font-size=${14*r}>${n+1}</text>
          </g>`)}
      </svg>
      <div class="fields">
        ${this._metres.map((e,t)=>S`<div class="row" data-point-index=${t}>
            <span class="label">Point ${t+1}</span>
            <span class="pixel">${this._pixels[t]?`pixel ${this._pixels[t].join(`, `)}`:`not clicked yet`}</span>
            ${[`x`,`y`].map((n,r)=>S`<label
                >${n} (m)
                <input
                  type="number"
                  step="0.01"
                  data-axis=${n}
                  .value=${e[r]}
                  @input=${e=>this.setMetre(t,r,e.target.value)}
              /></label>`)}
          </div>`)}
      </div>
      <div class="actions">
        <button data-action="apply-georeference" ?disabled=${!e} @click=${this.applyPoints}>Apply</button>
        <button data-action="cancel" @click=${()=>this.dispatchEvent(new CustomEvent(`georeference-cancel`))}>Cancel</button>
      </div>
    `}};qn=Yn,qn.properties={url:{attribute:!1},size:{attribute:!1},georeference:{attribute:!1},rooms:{attribute:!1},_pixels:{state:!0},_metres:{state:!0},_next:{state:!0}},qn.styles=[Kn,o`
      .marker circle {
        fill: var(--accent-color, #ff9800);
        stroke: var(--card-background-color, #fff);
        stroke-width: 2px;
        vector-effect: non-scaling-stroke;
      }
      .marker text {
        fill: var(--accent-color, #ff9800);
        font-weight: bold;
      }
      .fields .row {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
      }
      .pixel {
        color: var(--secondary-text-color);
        min-width: 10em;
      }
    `],customElements.get(`floorplan-presence-georeference`)||customElements.define(`floorplan-presence-georeference`,Yn);function Xn(e,t,n=t.id){let r=e.findIndex(e=>e.id===n);return r<0?[...e,t]:e.map((e,n)=>n===r?t:e)}function Zn(e,t){return{...e,nodes:Xn(e.nodes,t)}}function Qn(e,t){return{...e,nodes:e.nodes.filter(e=>e.id!==t)}}function q(e,t,n=t.id){return{...e,rooms:Xn(e.rooms,t,n)}}function $n(e,t){return{...e,rooms:e.rooms.filter(e=>e.id!==t)}}function er(e,t,n){return{...e,boundaries:e.boundaries.map((e,r)=>r===t?n:e)}}function tr(e){return e.map(([t,n],r)=>{let[i,a]=e[(r+1)%e.length];return[(t+i)/2,(n+a)/2]})}function nr(e,t,n=tr(e.boundaries)[t]){let r=[...e.boundaries];return r.splice(t+1,0,n),{...e,boundaries:r}}function rr(e,t){return e.boundaries.length<=3?null:{...e,boundaries:e.boundaries.filter((e,n)=>n!==t)}}function ir(e){let t=new Set(e.map(e=>e.id)),n=1;for(;t.has(`room_${n}`);)n++;return`room_${n}`}function ar(e,t,n){return t.trim()===``?`A room id cannot be blank.`:t===t.trim()?t!==n&&e.some(e=>e.id===t)?`There is already a room \`${t}\`.`:null:`A room id cannot start or end with a space.`}function or(e,t,n,r){let i=new Map(e.map(e=>[e.id,e])),a=new Set(t.map(e=>e.id)),o=n.filter(e=>a.has(e.id)||!i.has(e.id));for(let e of t){let t=i.get(e.id);t&&r(t,e)||(o=Xn(o,e))}return o}function sr(e,t,n){return{nodes:or(e.nodes,t.nodes,n.nodes,Vn),rooms:or(e.rooms,t.rooms,n.rooms,Hn)}}var cr,J=.1,lr=1,ur=1.5,dr=[[0,0],[10,10]],fr=e=>[e[0],e[1]],Y=e=>e.toFixed(2),pr=(e,t)=>`${e} ${t}${e===1?``:`s`}`,X=({nodes:e,rooms:t})=>({nodes:e,rooms:t}),mr=class extends A{constructor(){super(),this._floor=``,this._mode={kind:`select`},this._selection=null,this._snap=!0,this._error=null,this._notice=null,this._busy=null,this._scanner=``,this._z=null,this._drag=null,this._cursor=null,this._image=null,this._imageUrl=null,this._box=null,this.scale=new _n(this,`svg.plan`),this.addEventListener(`keydown`,e=>this.onKey(e))}planToClient(e){let t=this.renderRoot.querySelector(`svg.plan`);if(!t)throw Error(`the plan is not shown`);return hn(t,I(this.view(),e))}get plan(){return this._history.present}view(){return L(this.config?.rotation??W.rotation)}imageConfig(){return this.config?.images?.[this._floor]}floorRooms(){return this.plan.rooms.filter(e=>e.floor===this._floor)}floorNodes(){return this.plan.nodes.filter(e=>R(this._base,e.floor)===this._floor)}willUpdate(e){e.has(`layout`)&&this.layout&&this.takeLayout(this.layout);let t=this._base?.floors??[];t.length>0&&!t.some(e=>e.id===this._floor)&&(this._floor=t.find(e=>e.id===this.config?.floor)?.id??t[0].id),this.loadImage(),this._history&&(this._selection=this.validSelection(),this._box&&(this._drag||this._mode.kind===`draw-room`)||(this._box=this.extent()))}extent(){let e=this.view(),t=[...this.floorRooms().flatMap(e=>e.boundaries),...this.floorNodes().map(e=>fr(e.coordinates))].map(t=>I(e,t)),n=this.imageToView();if(n&&this._image){let{width:e,height:r}=this._image;t.push(...[[0,0],[e,0],[0,r],[e,r]].map(e=>I(n,e)))}return ct(t.length>0?t:dr.map(t=>I(e,t)),[1,0,0,1,0,0],ur)}imageToView(){let e=this.imageConfig();return e&&this._image?at(this.view(),st(e.georeference)):null}takeLayout(e){!this._base||!this._history?(this._base=e,this._history=jn(X(e))):e.revision!==this._base.revision&&this.rebaseOnto(e,X(this._base))}rebaseOnto(e,t){this._history=jn(sr(t,this.plan,X(e))),this._base=e}validSelection(){let e=this._selection;if(e?.kind===`node`)return this.floorNodes().some(t=>t.id===e.id)?e:null;if(e?.kind===`room`){let t=this.floorRooms().find(t=>t.id===e.id);return t?e.corner!==null&&e.corner>=t.boundaries.length?{...e,corner:null}:e:null}return null}loadImage(){let e=this.imageConfig()?.url??null;e!==this._imageUrl&&(this._imageUrl=e,this._image=null,e&&fn(e).then(t=>{this._imageUrl===e&&(this._image=t)},()=>{this._imageUrl===e&&(this._notice=`The floor image ${e} could not be loaded.`)}))}change(e){this._history=Mn(this._history,e),this._notice=null}snapped([e,t]){return this._snap?[lt(e,J),lt(t,J)]:[e,t]}positionOf(e){if(e.kind===`node`){let t=this.plan.nodes.find(t=>t.id===e.id);return t?fr(t.coordinates):null}return this.plan.rooms.find(t=>t.id===e.room)?.boundaries[e.index]??null}moved(e,[t,n]){if(e.kind===`node`){let r=this.plan.nodes.find(t=>t.id===e.id);return Zn(this.plan,{...r,coordinates:[t,n,r.coordinates[2]]})}let r=this.plan.rooms.find(t=>t.id===e.room);return q(this.plan,er(r,e.index,[t,n]))}selectedTarget(){let e=this._selection;return e?.kind===`node`?{kind:`node`,id:e.id}:e?.kind===`room`&&e.corner!==null?{kind:`corner`,room:e.id,index:e.corner}:null}startDrag(e,t,n=!1){let r=this.positionOf(t);r&&(e.currentTarget.setPointerCapture(e.pointerId),this._drag={pointerId:e.pointerId,target:t,start:this.toPlan(e),from:r,moved:n})}nudge(e,t){let n=this.selectedTarget(),r=n&&this.positionOf(n),i={ArrowLeft:[-1,0],ArrowRight:[1,0],ArrowUp:[0,-1],ArrowDown:[0,1]}[e];if(!n||!r||!i)return!1;let a=(this._snap?J:.01)*(t?10:1),o=ot(this.view()),[s,c]=I([o[0],o[1],o[2],o[3],0,0],i);return this.change(this.moved(n,this.snapped([r[0]+s*a,r[1]+c*a]))),!0}toPlan(e){let t=this.renderRoot.querySelector(`svg.plan`);return I(ot(this.view()),mn(t,e.clientX,e.clientY))}onPointerDown(e){if(e.button!==0||this._drag)return;e.currentTarget.focus({preventScroll:!0});let t=e.target.closest(`[data-node-id], [data-vertex-index], [data-midpoint-index], [data-room-id], [data-action]`)?.dataset??{},n=this._mode;if(n.kind===`place-node`){let[t,r]=this.snapped(this.toPlan(e));this.change(Zn(this.plan,{id:n.id,name:n.name,coordinates:[t,r,this.newNodeZ()],floor:this._floor})),this._mode={kind:`select`},this._selection={kind:`node`,id:n.id}}else if(n.kind===`draw-room`)t.action===`close-room`?this.finishRoom():this._mode={kind:`draw-room`,corners:[...n.corners,this.snapped(this.toPlan(e))]};else if(t.nodeId!==void 0)this._selection={kind:`node`,id:t.nodeId},this.startDrag(e,{kind:`node`,id:t.nodeId});else if(t.vertexIndex!==void 0&&this._selection?.kind===`room`){let n=Number(t.vertexIndex);this._selection={...this._selection,corner:n},this.startDrag(e,{kind:`corner`,room:this._selection.id,index:n})}else if(t.midpointIndex!==void 0&&this._selection?.kind===`room`){let{id:n}=this._selection,r=Number(t.midpointIndex);this.change(q(this.plan,nr(this.plan.rooms.find(e=>e.id===n),r))),this._selection={kind:`room`,id:n,corner:r+1},this.startDrag(e,{kind:`corner`,room:n,index:r+1},!0)}else this._selection=t.roomId===void 0?null:{kind:`room`,id:t.roomId,corner:null}}onPointerMove(e){let t=this._drag;if(this._mode.kind===`draw-room`&&(this._cursor=this.snapped(this.toPlan(e))),!t||e.pointerId!==t.pointerId)return;let[n,r]=this.toPlan(e),i=this.snapped([t.from[0]+n-t.start[0],t.from[1]+r-t.start[1]]),a=this.positionOf(t.target);if(!a||i[0]===a[0]&&i[1]===a[1])return;let o=this.moved(t.target,i);t.moved?this._history=Nn(this._history,o):(this.change(o),this._drag={...t,moved:!0})}onPointerUp(e){this._drag?.pointerId===e.pointerId&&(this._drag=null)}onKey(e){if(e.composedPath()[0].matches?.(`input:not([type=checkbox]), select, textarea`))return;let t=e.key,n=e.ctrlKey||e.metaKey,r=!0;n&&t.toLowerCase()===`z`?e.shiftKey?this.redoStep():this.undoStep():n&&t.toLowerCase()===`y`?this.redoStep():(t===`Delete`||t===`Backspace`)&&this.selectedTarget()?this.deleteSelected():t===`Enter`&&this._mode.kind===`draw-room`?this.finishRoom():t===`Escape`&&(this._mode.kind!==`select`||this._selection)?this.cancel():r=!n&&t.startsWith(`Arrow`)?this.nudge(t,e.shiftKey):!1,r&&(e.preventDefault(),e.stopPropagation())}undoStep(){this._drag||(this._mode.kind===`draw-room`?this._mode={...this._mode,corners:this._mode.corners.slice(0,-1)}:this._history=In(this._history))}redoStep(){!this._drag&&this._mode.kind!==`draw-room`&&(this._history=Ln(this._history))}cancel(){this._mode.kind===`select`&&(this._selection=null),this._mode={kind:`select`},this._cursor=null}toggleMode(e){this._mode=this._mode.kind===e.kind?{kind:`select`}:e,this._cursor=null,this._notice=null,e.kind!==`select`&&(this._selection=null)}newNodeZ(){let e=this._base.floors.find(e=>e.id===this._floor);return this._z??(e?.min_height??0)+lr}unplacedScanners(){let e=new Set(this.plan.nodes.map(e=>e.id));return this._base.unplaced_scanners.filter(t=>!e.has(t.id))}startPlacing(){let e=this.unplacedScanners(),t=e.find(e=>e.id===this._scanner)??e[0];t&&this.toggleMode({kind:`place-node`,id:t.id,name:t.name})}finishRoom(){if(this._mode.kind!==`draw-room`)return;let e=this._mode.corners;if(e.length<3){this._notice=`A room needs at least 3 corners.`;return}let t=ir(this.plan.rooms);this.change(q(this.plan,{id:t,name:``,floor:this._floor,area:null,boundaries:e})),this._mode={kind:`select`},this._cursor=null,this._selection={kind:`room`,id:t,corner:null}}deleteSelected(){let e=this._selection;e?.kind===`node`?this.deleteNode(e.id):e?.kind===`room`&&e.corner!==null&&this.deleteCorner(e.id,e.corner)}deleteNode(e){this.change(Qn(this.plan,e)),this._selection=null}deleteCorner(e,t){let n=rr(this.plan.rooms.find(t=>t.id===e),t);n?(this.change(q(this.plan,n)),this._selection={kind:`room`,id:e,corner:null}):this._notice=`A room needs at least 3 corners: delete the room instead.`}deleteRoom(e){this.change($n(this.plan,e)),this._selection=null}updateRoom(e,t){let n={...e,...t};if(t.id!==void 0){let n=ar(this.plan.rooms,t.id,e.id);if(n){this._notice=n;return}}this.change(q(this.plan,n,e.id)),n.floor!==this._floor&&(this._floor=n.floor),this._selection={kind:`room`,id:n.id,corner:this._selection?.kind===`room`?this._selection.corner:null}}updateNode(e,t,n){let r=Number(n);n.trim()!==``&&Number.isFinite(r)&&this.change(Zn(this.plan,{...e,coordinates:e.coordinates.map((e,n)=>n===t?r:e)}))}renameNode(e,t){let n=t.value.trim();n===``?t.value=e.name??``:this.change(Zn(this.plan,{...e,name:n}))}updateCorner(e,t,n,r){let i=Number(r);r.trim()!==``&&Number.isFinite(i)&&this.change(q(this.plan,er(e,t,e.boundaries[t].map((e,t)=>t===n?i:e))))}async save(){let e=this._base,t=this.plan,n=Gn(e,t);if(this.hass&&n.length!==0&&!this._busy){this._busy=`saving`,this._error=null,this._notice=null;try{let r={revision:e.revision,edits:n},i=await M(this.hass,`card_edit`,r);this.rebaseOnto(i,t),this.announce(i),this._notice=`Saved ${pr(n.length,`change`)} to floorplan.yaml.`}catch(e){this._error=N(e)}finally{this._busy=null}}}async reload(){if(this.hass&&!this._busy){this._busy=`reloading`;try{let e=await M(this.hass,`card_layout`);this.rebaseOnto(e,X(this._base)),this.announce(e),this._error=null,this._notice=`Reloaded the plan; your unsaved changes are kept.`}catch(e){this._error=N(e)}finally{this._busy=null}}}announce(e){this.dispatchEvent(new CustomEvent(`layout-changed`,{detail:{layout:e}}))}discard(){this.change(X(this._base)),this._mode={kind:`select`},this._error=null,this._notice=`Unsaved changes discarded (Undo brings them back).`}georeferenced(e){this.dispatchEvent(new CustomEvent(`georeference-changed`,{detail:{floor:this._floor,georeference:e}})),this._mode={kind:`select`},this._notice=`Image georeferenced; save the card configuration to keep it.`}render(){if(!this._base||!this._history)return S`<p class="hint">Loading the plan…</p>`;let e=Gn(this._base,this.plan),t=this._mode;return S`
      ${this.renderToolbar()}
      <div class="actions status" data-state=${this._busy??(e.length>0?`unsaved`:`saved`)}>
        <button class="primary" data-action="save" ?disabled=${e.length===0||this._busy!==null} @click=${this.save}>
          ${this._busy===`saving`?`Saving…`:`Save`}
        </button>
        <button data-action="discard" ?disabled=${e.length===0} @click=${this.discard}>Discard</button>
        <button data-action="reload" title="Read floorplan.yaml again, e.g. after it changed elsewhere; unsaved changes are kept" ?disabled=${this._busy!==null} @click=${this.reload}>
          Reload
        </button>
        <span class=${e.length>0?`unsaved`:`saved`}>
          ${e.length>0?`Unsaved changes: ${pr(e.length,`edit`)}`:`No unsaved changes`}
        </span>
      </div>
      ${this._error?S`<div class="error" role="alert">${this._error}</div>`:T}
      ${this._notice?S`<p class="notice" role="status">${this._notice}</p>`:T}
      ${t.kind===`georeference`&&this._image?S`<floorplan-presence-georeference
            .url=${this._imageUrl}
            .size=${this._image}
            .georeference=${this.imageConfig()?.georeference}
            .rooms=${this.floorRooms()}
            @georeference-changed=${e=>this.georeferenced(e.detail.georeference)}
            @georeference-cancel=${()=>this._mode={kind:`select`}}
          ></floorplan-presence-georeference>`:S`${this.renderModeHint()} ${this.renderPlan()} ${this.renderSelection()}`}
    `}renderToolbar(){let e=this._mode.kind,t=this.unplacedScanners();return S`
      <div class="actions">
        <label
          >Floor
          <select
            data-field="view-floor"
            @change=${e=>{this._floor=e.target.value,this._mode={kind:`select`},this._z=null}}
          >
            ${this._base.floors.map(e=>S`<option value=${e.id} ?selected=${e.id===this._floor}>${P(e.id)}</option>`)}
          </select></label
        >
        <button data-action="undo" title="Undo (Ctrl+Z)" ?disabled=${!Pn(this._history)} @click=${this.undoStep}>Undo</button>
        <button data-action="redo" title="Redo (Ctrl+Shift+Z)" ?disabled=${!Fn(this._history)} @click=${this.redoStep}>Redo</button>
        <label title="Dragged and placed points land on a ${J} m grid"
          ><input type="checkbox" data-field="snap" .checked=${this._snap} @change=${e=>this._snap=e.target.checked} />
          Snap to ${J} m</label
        >
      </div>
      <div class="actions">
        <button data-action="draw-room" aria-pressed=${e===`draw-room`} @click=${()=>this.toggleMode({kind:`draw-room`,corners:[]})}>
          Draw room
        </button>
        <button
          data-action="georeference"
          aria-pressed=${e===`georeference`}
          ?disabled=${!this._image}
          title=${this.imageConfig()?`Pin the floor image to the plan with two points`:`Set an image for this floor in the Card tab first`}
          @click=${()=>this.toggleMode({kind:`georeference`})}
        >
          Georeference image
        </button>
      </div>
      <div class="actions">
        <label
          >Scanner
          <select data-field="scanner" ?disabled=${t.length===0} @change=${e=>this._scanner=e.target.value}>
            ${t.length===0?S`<option>No unplaced scanners</option>`:T}
            ${t.map(e=>S`<option value=${e.id} ?selected=${e.id===this._scanner}>${e.name?`${e.name} (${e.id})`:e.id}</option>`)}
          </select></label
        >
        <label
          >z (m)
          <input
            type="number"
            step="0.1"
            data-field="z"
            .value=${String(this.newNodeZ())}
            @change=${e=>{let t=e.target.value;this._z=t.trim()===``||!Number.isFinite(Number(t))?null:Number(t)}}
        /></label>
        <button data-action="add-node" aria-pressed=${e===`place-node`} ?disabled=${t.length===0} @click=${this.startPlacing}>Add node</button>
      </div>
    `}renderModeHint(){let e=this._mode,t=S`<button data-action="cancel" @click=${this.cancel}>Cancel</button>`;return e.kind===`place-node`?S`<div class="actions hint">Click on the plan to place ${e.name??e.id} at z ${Y(this.newNodeZ())} m. ${t}</div>`:e.kind===`draw-room`?S`<div class="actions hint">
        Click the corners of the new room, then click the first corner or Finish (${pr(e.corners.length,`corner`)} so far).
        <button data-action="finish-room" ?disabled=${e.corners.length<3} @click=${this.finishRoom}>Finish</button>
        ${t}
      </div>`:S`<p class="hint">
      Drag nodes and room corners; click a room to edit it, and the dot in the middle of one of its edges to add a corner.
    </p>`}renderPlan(){let e=this.view(),t=this.floorRooms(),n=this.floorNodes(),r=this.imageConfig(),i=this.imageToView(),a=this._box,o=this.scale.unit(a),s=this._selection,c=s?.kind===`room`?t.find(e=>e.id===s.id):void 0;return S`<svg
      class="plan ${this._mode.kind}"
      tabindex="0"
      viewBox="${a.x} ${a.y} ${a.width} ${a.height}"
      @pointerdown=${this.onPointerDown}
      @pointermove=${this.onPointerMove}
      @pointerup=${this.onPointerUp}
      @pointercancel=${this.onPointerUp}
    >
      ${i&&this._image?bn(r.url,this._image,i,r.opacity):T}
      ${yn(t,e,12*o,c?.id)}
      ${n.map(t=>{let[n,r]=I(e,fr(t.coordinates));return C`<g class="node ${s?.kind===`node`&&s.id===t.id?`selected`:``}">
          <circle data-node-id=${t.id} cx=${n} cy=${r} r=${7*o}></circle>
          <text x=${n+10*o} y=${r+4*o} font-size=${11*o}>${t.name??t.id}</text>
        </g>`})}
      ${c?this.renderCorners(c,e,o):T}
      ${this.renderDrawing(e,o)}
      ${this.renderDragLabel(e,o)}
    </svg>`}renderCorners(e,t,n){let r=this._selection?.kind===`room`?this._selection.corner:null;return C`<g class="handles">
      ${tr(e.boundaries).map((e,r)=>{let[i,a]=I(t,e);return C`<circle class="midpoint" data-midpoint-index=${r} cx=${i} cy=${a} r=${4.5*n}></circle>`})}
      ${e.boundaries.map((e,i)=>{let[a,o]=I(t,e),s=12*n;return C`<rect class="vertex ${i===r?`selected`:``}" data-vertex-index=${i}
          x=${a-s/2} y=${o-s/2} width=${s} height=${s}></rect>`})}
    </g>`}renderDrawing(e,t){if(this._mode.kind!==`draw-room`)return T;let n=this._mode.corners,r=this._cursor?[...n,this._cursor]:n,i=n[0]&&I(e,n[0]);return C`<g class="drawing">
      <polyline points=${vn(r,e)}></polyline>
      ${n.map(n=>{let[r,i]=I(e,n);return C`<circle class="corner" cx=${r} cy=${i} r=${4*t}></circle>`})}
      ${i&&n.length>=3?C`<circle class="close" data-action="close-room" cx=${i[0]} cy=${i[1]} r=${9*t}></circle>`:T}
    </g>`}renderDragLabel(e,t){let n=this._drag?.target,r=n&&this.positionOf(n);if(!n||!r)return T;let i=n.kind===`node`?this.plan.nodes.find(e=>e.id===n.id)?.coordinates[2]:void 0,[a,o]=I(e,r),s=`x ${Y(r[0])}  y ${Y(r[1])}${i===void 0?``:`  z ${Y(i)}`} m`;return C`<text class="coordinates" x=${a+12*t} y=${o-12*t} font-size=${12*t}>${s}</text>`}renderSelection(){let e=this._selection;if(e?.kind===`node`){let t=this.plan.nodes.find(t=>t.id===e.id);return S`<fieldset class="panel" data-panel="node">
        <legend>Node ${t.name??t.id}</legend>
        ${t.name?S`<div class="hint">${t.id}</div>`:T}
        <div class="actions">
          <label title="Shown on the plan; it can be changed here, not removed"
            >name
            <input type="text" data-field="name" .value=${t.name??``} @change=${e=>this.renameNode(t,e.target)}
          /></label>
          ${hr([`x`,`y`,`z`],t.coordinates,(e,n)=>this.updateNode(t,e,n))}
          <button data-action="delete-node" @click=${()=>this.deleteNode(t.id)}>Delete node</button>
        </div>
      </fieldset>`}if(e?.kind!==`room`)return T;let t=this.plan.rooms.find(t=>t.id===e.id),n=!this._base.rooms.some(e=>e.id===t.id),r=(e,n,r)=>S`<label title=${r}
        >${e}
        <input
          type="text"
          data-field=${e}
          .value=${n}
          @change=${n=>{let r=n.target.value.trim();this.updateRoom(t,e===`area`?{area:r||null}:{[e]:r})}}
      /></label>`;return S`<fieldset class="panel" data-panel="room">
      <legend>Room ${t.name||t.id}</legend>
      <div class="actions">
        ${n?r(`id`,t.id,`The key in floorplan.yaml; it cannot change once saved`):S`<span class="hint">id ${t.id}</span>`}
        ${r(`name`,t.name,`Shown on the plan; blank: the area, else the id`)}
        ${r(`area`,t.area??``,`Home Assistant area id, e.g. living_room`)}
        <label
          >floor
          <select data-field="floor" @change=${e=>this.updateRoom(t,{floor:e.target.value})}>
            ${this._base.floors.map(e=>S`<option value=${e.id} ?selected=${e.id===t.floor}>${P(e.id)}</option>`)}
          </select></label
        >
      </div>
      ${e.corner===null?S`<p class="hint">Click a corner to move or delete it.</p>`:S`<div class="actions" data-panel="corner">
            Corner ${e.corner+1} of ${t.boundaries.length}
            ${hr([`x`,`y`],t.boundaries[e.corner],(n,r)=>this.updateCorner(t,e.corner,n,r))}
            <button data-action="delete-vertex" @click=${()=>this.deleteCorner(t.id,e.corner)}>Delete corner</button>
          </div>`}
      <div class="actions"><button data-action="delete-room" @click=${()=>this.deleteRoom(t.id)}>Delete room</button></div>
    </fieldset>`}};cr=mr,cr.properties={layout:{attribute:!1},config:{attribute:!1},_history:{state:!0},_floor:{state:!0},_mode:{state:!0},_selection:{state:!0},_snap:{state:!0},_error:{state:!0},_notice:{state:!0},_busy:{state:!0},_scanner:{state:!0},_z:{state:!0},_drag:{state:!0},_cursor:{state:!0},_image:{state:!0}},cr.styles=[Kn,o`
      .status .unsaved {
        color: var(--warning-color, #ffa600);
        font-weight: 500;
      }
      .status .saved,
      .notice {
        color: var(--secondary-text-color);
      }
      .panel {
        border: 1px solid var(--divider-color, #ccc);
        border-radius: 4px;
        margin: 8px 0;
      }
      .panel input[type='text'] {
        width: 9em;
      }
      svg.place-node,
      svg.draw-room {
        cursor: crosshair;
      }
      /* A touch that starts on a handle or while placing drags; elsewhere it scrolls the dialog. */
      svg.place-node,
      svg.draw-room,
      .node,
      .vertex,
      .midpoint {
        touch-action: none;
      }
      .room {
        cursor: pointer;
      }
      .node circle {
        fill: var(--state-icon-color, #44739e);
        stroke: var(--card-background-color, #fff);
        stroke-width: 2px;
        vector-effect: non-scaling-stroke;
        cursor: grab;
      }
      .node.selected circle {
        fill: var(--primary-color);
        stroke: var(--primary-text-color);
      }
      .node text,
      .coordinates {
        fill: var(--primary-text-color);
        paint-order: stroke;
        stroke: var(--card-background-color, #fff);
        stroke-width: 3px;
        vector-effect: non-scaling-stroke;
        pointer-events: none;
      }
      .coordinates {
        font-weight: 600;
      }
      .vertex,
      .midpoint,
      .drawing .close {
        stroke: var(--primary-color);
        stroke-width: 2px;
        vector-effect: non-scaling-stroke;
        cursor: move;
      }
      .vertex {
        fill: var(--card-background-color, #fff);
      }
      .vertex.selected {
        fill: var(--primary-color);
      }
      .midpoint {
        fill: var(--primary-color);
        fill-opacity: 0.35;
        cursor: copy;
      }
      .drawing polyline {
        fill: none;
        stroke: var(--accent-color, #ff9800);
        stroke-width: 2px;
        stroke-dasharray: 6 4;
        vector-effect: non-scaling-stroke;
      }
      .drawing .corner {
        fill: var(--accent-color, #ff9800);
      }
      .drawing .close {
        fill: var(--accent-color, #ff9800);
        fill-opacity: 0.3;
        cursor: pointer;
      }
    `],customElements.get(`floorplan-presence-plan-editor`)||customElements.define(`floorplan-presence-plan-editor`,mr);function hr(e,t,n){return e.map((e,r)=>S`<label
      >${e} (m)
      <input type="number" step="0.01" data-field=${e} .value=${Y(t[r])} @change=${e=>n(r,e.target.value)}
    /></label>`)}var gr,_r=[0,90,180,270],vr=class extends kn{constructor(...e){super(...e),this._config={type:`custom:floorplan-presence-card`},this.defaults=W,this._entities=[],this._loadError=null,this._tab=`card`}validate(e){return un(e)}async load(e){this._loadError=null;try{this._layout=await M(e,`card_layout`)}catch(e){this._loadError=N(e);return}try{let t=await M(e,`card_positions`);this._entities=t.entities.map(({entity_id:e,name:t})=>({entity_id:e,name:t}))}catch{this._entities=[]}}setImage(e,t){let n={...this._config.images};t?n[e]=t:delete n[e],this.set(`images`,n)}async setImageUrl(e,t){let n=this._config.images?.[e];if(t===``||n)this.setImage(e,t===``?void 0:{...n,url:t});else try{let n=await fn(t),r=this._layout?.rooms.filter(t=>t.floor===e)??[];this.setImage(e,{url:t,georeference:pn(r.flatMap(e=>e.boundaries),n)})}catch{this._problem=`The image ${t} could not be loaded. Files in Home Assistant's config/www folder are served under /local/.`}}georeferenced(e,t){let n=this._config.images?.[e];n&&this.setImage(e,{...n,georeference:t})}render(){return S`
      <div class="tabs" role="tablist">
        ${[`card`,`plan`].map(e=>S`<button role="tab" data-tab=${e} aria-selected=${this._tab===e} @click=${()=>this._tab=e}>
            ${e===`card`?`Card`:`Floor plan`}
          </button>`)}
      </div>
      ${this._loadError?S`<div class="error" role="alert">
            ${this._loadError}
            <div class="actions"><button data-action="retry" @click=${()=>this.hass&&this.load(this.hass)}>Try again</button></div>
          </div>`:T}
      ${this._problem?S`<div class="error" role="alert">${this._problem}</div>`:T}
      <section role="tabpanel" ?hidden=${this._tab!==`card`}>${this.renderCardTab()}</section>
      <!-- Kept while hidden, so that unsaved plan changes survive a switch of tab. -->
      <section role="tabpanel" ?hidden=${this._tab!==`plan`}>
        ${this._layout?S`<floorplan-presence-plan-editor
              .hass=${this.hass}
              .layout=${this._layout}
              .config=${this._config}
              @layout-changed=${e=>this._layout=e.detail.layout}
              @georeference-changed=${e=>this.georeferenced(e.detail.floor,e.detail.georeference)}
            ></floorplan-presence-plan-editor>`:this._loadError?T:S`<p class="hint">Loading the plan…</p>`}
      </section>
    `}numberOption(e,t){let n=e=>e.target.value.trim();return S`<input
      id=${e}
      data-option=${e}
      type="number"
      min=${t.min??T}
      step=${t.step}
      list=${t.list??T}
      placeholder="${W[e]} (default)"
      .value=${this._config[e]?.toString()??``}
      @change=${t=>this.set(e,n(t)===``?void 0:Number(n(t)))}
    />`}renderCardTab(){let e=this._config,t=this._layout?.floors??[],n=new Map(this._entities.map(e=>[e.entity_id,e.name]));for(let t of[...e.entities??[],...e.follow?[e.follow]:[]])n.has(t)||n.set(t,t);let r=new Set(e.entities??[]),i=e=>e.target.value,a=e=>e.target.checked;return S`<div class="form">
      <label for="title">Title</label>
      <input id="title" data-option="title" .value=${e.title??``} @change=${e=>this.set(`title`,i(e).trim())} />

      <label for="floor">Floor shown first</label>
      ${this.floorSelect(t)}

      <span class="label">Entities</span>
      <div class="choices" data-option="entities">
        ${n.size===0?S`<span class="hint">No moving entities yet.</span>`:T}
        ${[...n].map(([e,t])=>S`<label
            ><input
              type="checkbox"
              value=${e}
              .checked=${r.has(e)}
              @change=${t=>this.set(`entities`,[...n.keys()].filter(n=>n===e?a(t):r.has(n)))}
            />
            ${t}</label
          >`)}
        <span class="hint">None ticked: all are shown.</span>
      </div>

      <label for="follow">Follow</label>
      <select id="follow" data-option="follow" @change=${e=>this.set(`follow`,i(e))}>
        <option value="" ?selected=${!e.follow}>Nobody</option>
        ${[...n].map(([t,n])=>S`<option value=${t} ?selected=${t===e.follow}>${n}</option>`)}
      </select>

      <label for="trail">Trail (s)</label>
      ${this.numberOption(`trail`,{min:`0`,step:`1`})}

      <label for="rotation">Rotation (°)</label>
      <span>
        ${this.numberOption(`rotation`,{step:`any`,list:`rotations`})}
        <datalist id="rotations">${_r.map(e=>S`<option value=${e}></option>`)}</datalist>
      </span>

      <label for="node_stale_after">Node stale after (s)</label>
      ${this.numberOption(`node_stale_after`,{min:`1`,step:`1`})}

      <span class="label">Show</span>
      <div class="choices">
        ${[[`range_circles`,`Range circles of the selected entity`],[`show_nodes`,`Beacon nodes`],[`show_static_entities`,`Static entities`]].map(([t,n])=>S`<label
            ><input type="checkbox" data-option=${t} .checked=${e[t]??W[t]} @change=${e=>this.set(t,a(e))} />
            ${n}</label
          >`)}
      </div>
    </div>
    ${t.length>0?this.renderImages(t.map(e=>e.id)):T}`}renderImages(e){return S`<h3>Floor images</h3>
      <p class="hint">PNG, JPEG or SVG, e.g. /local/floorplan/ground.png. Pin an image to the plan with "Georeference image" in the Floor plan tab.</p>
      <div class="form">
        ${e.map(e=>{let t=this._config.images?.[e];return S`<label for="image-${e}">${P(e)}</label>
            <span class="image" data-floor=${e}>
              <input
                id="image-${e}"
                data-option="image-url"
                type="text"
                placeholder="Image URL"
                .value=${t?.url??``}
                @change=${t=>void this.setImageUrl(e,t.target.value.trim())}
              />
              ${t?S`<label
                    >opacity
                    <input
                      type="range"
                      data-option="image-opacity"
                      min="0"
                      max="1"
                      step="0.05"
                      .value=${String(t.opacity??1)}
                      @change=${n=>{let{opacity:r,...i}=t,a=Number(n.target.value);this.setImage(e,a===1?i:{...i,opacity:a})}}
                    />
                    ${Math.round((t.opacity??1)*100)} %</label
                  >`:T}
            </span>`})}
      </div>`}};gr=vr,gr.properties={_layout:{state:!0},_entities:{state:!0},_loadError:{state:!0},_tab:{state:!0}},gr.styles=[Kn,An,o`
      .tabs {
        display: flex;
        gap: 4px;
        border-bottom: 1px solid var(--divider-color, #ccc);
        margin-bottom: 12px;
      }
      .tabs button {
        border: none;
        border-bottom: 2px solid transparent;
        border-radius: 0;
        background: none;
        color: var(--secondary-text-color);
        font-weight: 500;
        padding: 8px 16px;
      }
      .tabs button[aria-selected='true'] {
        color: var(--primary-color);
        border-bottom-color: var(--primary-color);
      }
      [hidden] {
        display: none !important;
      }
      .image input[type='text'] {
        width: 100%;
        max-width: 24em;
        box-sizing: border-box;
      }
      .image {
        display: flex;
        flex-wrap: wrap;
        gap: 8px;
        align-items: center;
      }
      h3 {
        font-size: 1em;
        font-weight: 500;
        margin: 16px 0 4px;
      }
    `],customElements.get(`floorplan-presence-card-editor`)||customElements.define(`floorplan-presence-card-editor`,vr);function yr(e){let t=Math.max(0,...e.counts),n=[];return e.counts.forEach((r,i)=>{if(r<=0)return;let a=i%e.columns,o=Math.floor(i/e.columns);o>=e.rows||n.push({x:e.origin[0]+a*e.cell,y:e.origin[1]+o*e.cell,size:e.cell,count:r,level:br(r,t)})}),n}function br(e,t){return e<=0||t<=0?0:Math.min(1,Math.log1p(e)/Math.log1p(t))}var xr=[[68,1,84],[72,40,120],[62,73,137],[49,104,142],[38,130,142],[31,158,137],[53,183,121],[110,206,88],[253,231,37]];function Sr(e){let t=Math.min(1,Math.max(0,e))*(xr.length-1),n=Math.min(xr.length-2,Math.floor(t)),r=t-n,[i,a]=[xr[n],xr[n+1]];return`rgb(${i.map((e,t)=>Math.round(e+(a[t]-e)*r)).join(`, `)})`}function Cr(){return`linear-gradient(to right, ${xr.map(e=>`rgb(${e.join(`, `)})`).join(`, `)})`}function wr(e){let t=/* @__PURE__ */ new Map;for(let n of e)for(let e of n.rooms)t.set(e.room,(t.get(e.room)??0)+e.seconds);let n=e=>e===null?-1:t.get(e),r=e.map(e=>{let t=e.rooms.filter(e=>e.seconds>0).sort((e,t)=>n(t.room)-n(e.room));return{entity_id:e.entity_id,name:e.name,total:t.reduce((e,t)=>e+t.seconds,0),rooms:t}}),i=Math.max(0,...r.map(e=>e.total));return r.sort((e,t)=>t.total-e.total).map(({rooms:e,...t})=>({...t,segments:e.map(({room:e,name:t,seconds:n})=>({room:e,name:t,seconds:n,width:i>0?n/i:0}))}))}function Tr(e,t,n,r){let i=n-t,a=[];return e.forEach(({t:n,room:o},s)=>{if(o===null||i<=0)return;let c=e[s+1],l=Math.max(t,Date.parse(n)),u=Math.min(r,c?Date.parse(c.t):r);u>l&&a.push({room:o,start:l,end:u,left:(l-t)/i,width:(u-l)/i})}),a}var Z=36e5;function Er(e,t){let n=new Intl.DateTimeFormat(`en-GB`,{timeZone:t,hour:`2-digit`,minute:`2-digit`,hourCycle:`h23`}).formatToParts(e),r=e=>Number(n.find(t=>t.type===e)?.value??0);return r(`hour`)+r(`minute`)/60}function Dr(e,t){let n=Er(e,t);return e-(n<12?n:n-24)*Z}function Or(e,t,n){return Dr(e+Math.max(1,Math.ceil((t-e)/(24*Z)-1/24))*24*Z,n)}function kr(e,t,n,r){let i=t-e;if(i<=0)return[];let a=[];if(i<=36*Z){let o=new Intl.DateTimeFormat(r,{timeZone:n,hour:`2-digit`,minute:`2-digit`,hourCycle:`h23`});for(let n=e;n<t;n+=3*Z)a.push({at:(n-e)/i,label:o.format(n)});return a}let o=new Intl.DateTimeFormat(r,{timeZone:n,weekday:`short`});for(let r=0;;r++){let s=Dr(e+24*Z*r,n);if(s>=t)return a;s>=e&&a.push({at:(s-e)/i,label:o.format(s)})}}var Ar=`var(--disabled-text-color, #bdbdbd)`,jr=[`var(--blue-color, #2196f3)`,`var(--orange-color, #ff9800)`,`var(--green-color, #4caf50)`,`var(--red-color, #f44336)`,`var(--purple-color, #9c27b0)`,`var(--brown-color, #795548)`,`var(--pink-color, #e91e63)`,`var(--blue-grey-color, #607d8b)`,`var(--lime-color, #cddc39)`,`var(--cyan-color, #00bcd4)`,`var(--deep-purple-color, #673ab7)`,`var(--amber-color, #ffc107)`,`var(--teal-color, #009688)`,`var(--light-green-color, #8bc34a)`,`var(--indigo-color, #3f51b5)`,`var(--deep-orange-color, #ff5722)`];function Mr(e){let t=/* @__PURE__ */ new Map;for(let n of e)t.has(n)||t.set(n,t.size);return e=>{let n=e===null?void 0:t.get(e);return n===void 0?Ar:jr[n%jr.length]}}function Nr(e){if(e>0&&e<60)return`< 1 min`;let t=Math.round(e/60),n=Math.floor(t/60);return n===0?`${t} min`:`${n} h ${String(t%60).padStart(2,`0`)} min`}function Pr(e,t,n,r){let i=e=>new Intl.DateTimeFormat(`en-CA`,{timeZone:n,year:`numeric`,month:`2-digit`,day:`2-digit`}).format(e),a=new Intl.DateTimeFormat(r,{timeZone:n,hour:`2-digit`,minute:`2-digit`,hourCycle:`h23`}).format(e);return i(e)===i(t)?a:`${new Intl.DateTimeFormat(r,{timeZone:n,weekday:`short`}).format(e)} ${a}`}var Fr=(e,t)=>e.present===t.present&&e.room===t.room,Ir=class{constructor(e,t){this.shown=e,this.onChange=t,this.known=/* @__PURE__ */ new Map,this.session=0}start(e){if(this.unsubscribe)return;let t=++this.session;this.unsubscribe=e.connection.subscribeMessage(e=>t===this.session&&this.onEvent(e),{type:`floorplan/subscribe`}).catch(()=>void 0)}stop(){this.session++;let e=this.unsubscribe;this.unsubscribe=void 0,this.known.clear(),e?.then(e=>e?.()).catch(()=>void 0)}onEvent(e){if(e.type!==`positions`)return;let t=!1;for(let{entity_id:n,present:r,room:i}of e.entities){let e={present:r,room:r?i:null},a=this.known.get(n)??this.shown(n);a&&!Fr(a,e)&&(t=!0),this.known.set(n,e)}for(let n of e.removed)(this.known.get(n)??this.shown(n))?.present&&(t=!0),this.known.delete(n);t&&this.onChange()}},Lr=`custom:floorplan-presence-stats-card`,Rr=[`today`,`week`],Q=[`home`,`rooms`,`time`,`timeline`,`heatmap`],zr={range:`today`,rotation:0,show:Q};function Br(e){return tn(e,zr)}var Vr=e=>e.map(e=>`"${e}"`).join(`, `);function Hr(e){H(e)||V(`the card configuration`,`a mapping of options`,e);let t=e;typeof t.type!=`string`&&V(`type`,`"${Lr}"`,t.type);for(let e of[`title`,`floor`])t[e]!==void 0&&(typeof t[e]!=`string`||t[e]===``)&&V(e,`a non-empty text`,t[e]);return t.range!==void 0&&!Rr.includes(t.range)&&V(`range`,`one of ${Vr(Rr)}`,t.range),t.rotation!==void 0&&!U(t.rotation)&&V(`rotation`,`a number of degrees`,t.rotation),t.show!==void 0&&(Array.isArray(t.show)&&t.show.length!==0||V(`show`,`a list of one or more of ${Vr(Q)}`,t.show),t.show.forEach((e,t)=>{Q.includes(e)||V(`show[${t}]`,`one of ${Vr(Q)}`,e)})),t}var Ur=o`
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 8px;
    padding: 12px 16px 0;
  }
  .header .title {
    padding: 0;
  }
  .range-toggle {
    display: inline-flex;
    margin-left: auto;
    border: 1px solid var(--divider-color);
    border-radius: 16px;
    overflow: hidden;
  }
  .range {
    border: none;
    background: none;
    color: var(--secondary-text-color);
    font: inherit;
    font-size: 13px;
    font-weight: 500;
    padding: 5px 12px;
    cursor: pointer;
  }
  .range[aria-pressed='true'] {
    background: rgba(var(--rgb-primary-color, 3, 169, 244), 0.15);
    color: var(--primary-color);
  }
  .sections {
    display: flex;
    flex-direction: column;
    gap: 20px;
    padding: 12px 16px 16px;
  }
  h2 {
    margin: 0 0 8px;
    font-size: 14px;
    font-weight: 500;
    color: var(--secondary-text-color);
  }
  .empty {
    margin: 0;
    font-size: 14px;
    color: var(--secondary-text-color);
  }
  ul {
    list-style: none;
    margin: 0;
    padding: 0;
  }

  .home ul {
    display: flex;
    flex-wrap: wrap;
    gap: 8px;
  }
  /* Chips, as the first card's, that do nothing when tapped. */
  .home .chip {
    cursor: default;
  }
  .home .where {
    color: var(--secondary-text-color);
  }

  .rooms ul {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(150px, 1fr));
    gap: 6px;
  }
  .rooms li {
    display: grid;
    grid-template-columns: 2em minmax(0, 1fr);
    align-items: center;
    column-gap: 6px;
    padding: 6px 8px;
    border-radius: 8px;
    background: rgba(var(--rgb-primary-color, 3, 169, 244), 0.14);
    font-size: 14px;
  }
  .vacant {
    margin: 6px 0 0;
    font-size: 13px;
    color: var(--secondary-text-color);
  }
  .rooms .count {
    grid-row: span 2;
    font-size: 20px;
    font-weight: 500;
    text-align: center;
    font-variant-numeric: tabular-nums;
  }
  .rooms .names {
    color: var(--secondary-text-color);
    font-size: 12px;
  }
  .rooms .names,
  .who {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }

  /* Name, chart, total: the same columns for the bars, their breakdown and the timeline. */
  .bar summary,
  .breakdown li,
  .lane {
    display: grid;
    grid-template-columns: minmax(4em, 7em) minmax(0, 1fr) 6.5em;
    align-items: center;
    gap: 8px;
  }
  .bars,
  .lanes {
    display: flex;
    flex-direction: column;
    gap: 6px;
  }
  .who {
    font-size: 14px;
  }
  .bar summary {
    cursor: pointer;
    list-style: none;
  }
  .bar summary::-webkit-details-marker {
    display: none;
  }
  .bar summary:focus-visible {
    outline: 2px solid var(--primary-color);
    outline-offset: 2px;
  }
  .track,
  .band {
    display: flex;
    height: 16px;
    border-radius: 3px;
    overflow: hidden;
    background: color-mix(in srgb, var(--primary-text-color) 6%, transparent);
  }
  .track .segment {
    flex: none;
    height: 100%;
  }
  /* A hairline of the card's colour between stacked rooms. */
  .segment {
    box-shadow: inset -1px 0 0 var(--card-background-color, #fff);
  }
  .total {
    text-align: right;
    font-size: 13px;
    color: var(--secondary-text-color);
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .breakdown {
    margin: 4px 0 8px;
  }
  .breakdown li {
    margin-top: 2px;
  }
  .breakdown .who {
    padding-left: 12px;
    font-size: 12px;
    color: var(--secondary-text-color);
  }
  .breakdown .track {
    height: 8px;
  }

  .lane {
    grid-template-columns: minmax(4em, 7em) minmax(0, 1fr);
  }
  .band {
    position: relative;
    display: block;
  }
  .band .segment {
    position: absolute;
    top: 0;
    bottom: 0;
  }
  .band .now {
    position: absolute;
    top: 0;
    bottom: 0;
    width: 2px;
    margin-left: -1px;
    background: var(--primary-text-color);
  }
  .axis .band {
    height: 16px;
    overflow: visible;
    background: none;
  }
  /* In a narrow column the labels (about 36 px each) would run into each other: every other one,
     every fourth, then the first alone. */
  .axis .band {
    container-type: inline-size;
  }
  @container (max-width: 300px) {
    .tick:nth-child(even) {
      color: transparent;
    }
  }
  @container (max-width: 150px) {
    .tick:not(:nth-child(4n + 1)) {
      color: transparent;
    }
  }
  @container (max-width: 75px) {
    .tick:not(:first-child) {
      color: transparent;
    }
  }
  .tick {
    position: absolute;
    top: 0;
    padding-left: 3px;
    border-left: 1px solid var(--divider-color);
    font-size: 11px;
    line-height: 16px;
    color: var(--secondary-text-color);
    white-space: nowrap;
  }

  .legend {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    margin-top: 8px;
    font-size: 12px;
    color: var(--secondary-text-color);
  }
  .legend li {
    display: inline-flex;
    align-items: center;
    gap: 4px;
  }
  .swatch {
    width: 10px;
    height: 10px;
    border-radius: 2px;
  }

  .heatmap .tabs {
    padding: 0 0 8px;
  }
  svg.heat {
    display: block;
    width: 100%;
    height: auto;
    max-height: 60vh;
    font-family: inherit;
  }
  .heat .cell {
    fill-opacity: 0.85;
    shape-rendering: crispEdges;
  }
  .heat .room {
    fill: none;
  }
  .heat .room-name {
    fill: var(--primary-text-color);
    text-anchor: middle;
    dominant-baseline: central;
    pointer-events: none;
    paint-order: stroke;
    stroke: var(--card-background-color, #fff);
    stroke-width: calc(3 * var(--metres-per-pixel));
    stroke-linejoin: round;
  }
  .scale {
    display: flex;
    align-items: center;
    gap: 8px;
    margin-top: 6px;
    font-size: 12px;
    color: var(--secondary-text-color);
  }
  .scale .gradient {
    flex: 0 1 160px;
    height: 8px;
    border-radius: 4px;
  }
`,Wr,Gr=6e4,Kr=1e3,qr=12,Jr=({x:e,y:t,size:n})=>[[e,t],[e+n,t],[e+n,t+n],[e,t+n]],Yr=e=>e.dwell.flatMap(e=>e.rooms.flatMap(e=>e.seconds>0?[e.room]:[])),$=e=>`${(e*100).toFixed(3)}%`,Xr={today:`Today`,week:`This week`},Zr={home:2,rooms:2,time:3,timeline:3,heatmap:5},Qr=class extends A{constructor(...e){super(...e),this.view=L(0),this._layout=null,this._shown=null,this._error=null,this._planWidth=500,this.whereabouts=new Ir(e=>this.shownWhereabouts(e),()=>this.readSoon()),this.sent=0}static getConfigElement(){return document.createElement(`floorplan-presence-stats-card-editor`)}static getStubConfig(){return{type:Lr}}set hass(e){let t=!this.hassValue;this.hassValue=e,t&&this.isConnected&&this.start()}get hass(){return this.hassValue}setConfig(e){let t=this.config?.range;this.config=Br(Hr(e)),this.view=L(this.config.rotation),this._range===void 0&&t!==void 0&&t!==this.config.range&&this.timer!==void 0&&this.fetchSummary(),this.requestUpdate()}getCardSize(){return 1+(this.config?.show??[]).reduce((e,t)=>e+Zr[t],0)}getGridOptions(){return{columns:12,rows:`auto`,min_columns:6}}connectedCallback(){super.connectedCallback(),this.hassValue&&this.start()}disconnectedCallback(){super.disconnectedCallback(),clearInterval(this.timer),this.timer=void 0,clearTimeout(this.settling),this.settling=void 0,this.whereabouts.stop(),this.sent++,this.resizeObserver?.disconnect(),this.observedPlan=void 0}get range(){return this._range??this.config?.range??`today`}shownRange(){return Xr[this._shown?.range??this.range]}showRange(e){e!==this.range&&(this._range=e,this.fetchSummary())}start(){this.timer===void 0&&(this.timer=setInterval(()=>void this.fetchSummary(),Gr),this.whereabouts.start(this.hassValue),this.fetchSummary())}shownWhereabouts(e){let t=this._shown?.summary;if(!t)return;let n=t.now.home.find(t=>t.entity_id===e);return n?{present:!0,room:n.room}:{present:!1,room:null}}readSoon(){this.settling===void 0&&(this.settling=setTimeout(()=>{this.settling=void 0,this.fetchSummary()},Kr))}async fetchSummary(){let e=this.hassValue;if(!e)return;let t=++this.sent,{range:n}=this,r={range:n};try{let[i,a]=await Promise.all([M(e,`stats_summary`,r),this._layout??M(e,`card_layout`)]);if(t!==this.sent)return;this._shown={range:n,summary:i},this._layout=a,this._error=null}catch(e){t===this.sent&&(this._error=N(e))}}render(){let e=this.config;if(!e)return T;let t=this._shown?.summary,n=t=>e.show.includes(t),r=n(`time`)||n(`timeline`)||n(`heatmap`);return S`<ha-card>
      <div class="header">
        ${e.title?S`<h1 class="title">${e.title}</h1>`:T}
        ${r?this.renderRangeToggle():T}
      </div>
      ${this._error?S`<div class="banner error" role="alert">${this._error}</div>`:T}
      ${t?S`<div class="sections">
            ${n(`home`)?this.renderHome(t):T} ${n(`rooms`)?this.renderRooms(t):T}
            ${n(`time`)?this.renderTime(t):T} ${n(`timeline`)?this.renderTimeline(t):T}
            ${n(`heatmap`)?this.renderHeatmap(t):T}
          </div>`:this._error?T:S`<div class="message">Loading the statistics…</div>`}
    </ha-card>`}renderRangeToggle(){return S`<div class="range-toggle" role="group" aria-label="Range">
      ${[`today`,`week`].map(e=>S`<button class="range" data-range=${e} aria-pressed=${e===this.range?`true`:`false`} @click=${()=>this.showRange(e)}>
            ${Xr[e]}
          </button>`)}
    </div>`}language(){return this.hassValue?.language??navigator.language}roomOrder(e){let t=[...e.dwell.flatMap(e=>e.rooms.map(e=>e.room)),...e.timeline.flatMap(e=>e.transitions.map(e=>e.room))],n=[...this._layout?.rooms.map(e=>e.id)??[],...t.filter(e=>e!==null)];return[...new Set(n)]}roomName(e,t){return t===null?`No room`:this._layout?.rooms.find(e=>e.id===t)?.name??e.now.rooms.find(e=>e.room===t)?.name??t}avatar(e){let t=this.hassValue?.states[e.entity_id]?.attributes.entity_picture;return S`<span class="avatar" style="--entity-color: ${xt(e.entity_id)}"
      >${t?S`<img src=${t} alt="" />`:rt(e.name)}</span
    >`}renderHome(e){let t=Date.parse(e.to);return S`<section class="home" aria-labelledby="home-heading">
      <h2 id="home-heading">Who is home</h2>
      ${e.now.home.length===0?S`<p class="empty">Nobody is home.</p>`:S`<ul>
            ${e.now.home.map(n=>S`<li class="chip" data-entity-id=${n.entity_id}>
                ${this.avatar(n)}<span class="name">${n.name}</span>
                <span class="where"
                  >${n.room_name??`Home`}${n.since?` · since ${Pr(Date.parse(n.since),t,e.time_zone,this.language())}`:``}</span
                >
              </li>`)}
          </ul>`}
    </section>`}renderRooms(e){let t=e.now.rooms.filter(e=>e.occupants.length>0).sort((e,t)=>t.occupants.length-e.occupants.length),n=e.now.rooms.filter(e=>e.occupants.length===0);return S`<section class="rooms" aria-labelledby="rooms-heading">
      <h2 id="rooms-heading">Occupancy</h2>
      ${t.length>0?S`<ul>
            ${t.map(e=>S`<li data-room-id=${e.room}>
                <span class="count">${e.occupants.length}</span>
                <span class="room-name">${e.name}</span>
                <span class="names">${e.occupants.map(e=>e.name).join(`, `)}</span>
              </li>`)}
          </ul>`:T}
      ${n.length>0?S`<p class="vacant">
            Empty:
            ${n.map((e,t)=>S`<span data-room-id=${e.room}>${e.name}</span>${t<n.length-1?`, `:``}`)}
          </p>`:T}
    </section>`}renderTime(e){let t=wr(e.dwell),n=Mr(this.roomOrder(e));return S`<section class="time" aria-labelledby="time-heading">
      <h2 id="time-heading">Time per room · ${this.shownRange()}</h2>
      ${t.length===0?S`<p class="empty">Nobody was home.</p>`:S`<div class="bars">${t.map(e=>this.renderBar(e,n))}</div>
            ${this.config?.show.includes(`timeline`)?T:this.renderLegend(e,Yr(e),n)}`}
    </section>`}renderBar(e,t){return S`<details class="bar" data-entity-id=${e.entity_id}>
      <summary>
        <span class="who">${e.name}</span>
        <span class="track">
          ${e.segments.map(e=>S`<span class="segment" data-room-id=${e.room??``} data-seconds=${e.seconds} style="width: ${$(e.width)}; background: ${t(e.room)}"
                title="${e.name}: ${Nr(e.seconds)}"
              ></span>`)}
        </span>
        <span class="total">${Nr(e.total)}</span>
      </summary>
      <ul class="breakdown">
        ${[...e.segments].sort((e,t)=>t.seconds-e.seconds).map(e=>S`<li data-room-id=${e.room??``}>
            <span class="who">${e.name}</span>
            <span class="track"><span class="segment" style="width: ${$(e.width)}; background: ${t(e.room)}"></span></span>
            <span class="total">${Nr(e.seconds)}</span>
          </li>`)}
      </ul>
    </details>`}renderLegend(e,t,n){let r=this.roomOrder(e),i=e=>e===null?r.length:r.indexOf(e);return S`<ul class="legend">
      ${[...new Set(t)].sort((e,t)=>i(e)-i(t)).map(t=>S`<li data-room-id=${t??``}><span class="swatch" style="background: ${n(t)}"></span>${this.roomName(e,t)}</li>`)}
    </ul>`}renderTimeline(e){let[t,n]=[Date.parse(e.from),Date.parse(e.to)],r=Or(t,n,e.time_zone),i=Mr(this.roomOrder(e)),a=this.language(),o=t=>Pr(t,n,e.time_zone,a),s=e.timeline.map(e=>({subject:e,segments:Tr(e.transitions,t,r,n)}));return S`<section class="timeline" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline · ${this.shownRange()}</h2>
      ${s.length===0?S`<p class="empty">No room changes.</p>`:S`<div class="lanes">
              ${s.map(({subject:a,segments:s})=>S`<div class="lane" data-entity-id=${a.entity_id}>
                  <span class="who">${a.name}</span>
                  <span class="band">
                    ${s.map(t=>S`<span
                        class="segment"
                        data-room-id=${t.room}
                        data-start=${new Date(t.start).toISOString()}
                        data-end=${new Date(t.end).toISOString()}
                        style="left: ${$(t.left)}; width: ${$(t.width)}; background: ${i(t.room)}"
                        title="${this.roomName(e,t.room)}: ${o(t.start)}–${o(t.end)}"
                      ></span>`)}
                    ${n<r?S`<span class="now" style="left: ${$((n-t)/(r-t))}"></span>`:T}
                  </span>
                </div>`)}
              <div class="lane axis" aria-hidden="true">
                <span class="who"></span>
                <span class="band">
                  ${kr(t,r,e.time_zone,a).map(e=>S`<span class="tick" style="left: ${$(e.at)}">${e.label}</span>`)}
                </span>
              </div>
            </div>
            ${this.renderLegend(e,[...s.flatMap(e=>e.segments.map(e=>e.room)),...this.config?.show.includes(`time`)?Yr(e):[]],i)}`}
    </section>`}heatFloor(){let e=this._layout?.floors??[],t=t=>t!==void 0&&e.some(e=>e.id===t);return t(this._floor)?this._floor:t(this.config?.floor)?this.config?.floor:e[0]?.id}renderHeatmap(e){let t=this._layout,n=this.heatFloor(),r=S`<h2 id="heatmap-heading">Where people were · ${this.shownRange()}</h2>`;if(!t||!n)return S`<section class="heatmap" aria-labelledby="heatmap-heading">${r}<p class="empty">No floor plan yet.</p></section>`;let i=yt(t,this.view),a=e.heatmap.find(e=>e.floor===n),o=a?yr(a):[],s=Math.max(0,...o.map(e=>e.count)),c=i.width/this._planWidth;return S`<section class="heatmap" aria-labelledby="heatmap-heading">
      ${r}
      ${t.floors.length>1?S`<div class="tabs" role="tablist">
            ${t.floors.map(e=>S`<button class="tab" role="tab" data-floor=${e.id} aria-selected=${e.id===n?`true`:`false`} @click=${()=>this._floor=e.id}>
                  ${P(e.id)}
                </button>`)}
          </div>`:T}
      <svg class="heat" viewBox="${i.x} ${i.y} ${i.width} ${i.height}" style="--metres-per-pixel: ${c}" data-floor=${n} role="img" aria-label="Heat map of positions on ${P(n)}">
        <g class="cells">
          ${o.map(e=>C`<polygon class="cell" points=${vn(Jr(e),this.view)} fill=${Sr(e.level)} data-count=${e.count}
              ><title>${e.count} positions</title></polygon>`)}
        </g>
        ${yn(t.rooms.filter(e=>e.floor===n),this.view,qr*c)}
      </svg>
      ${s>0?S`<div class="scale">
            <span>1</span><span class="gradient" style="background: ${Cr()}"></span><span>${s} positions</span>
          </div>`:S`<p class="empty">No positions on this floor.</p>`}
    </section>`}updated(){let e=this.renderRoot.querySelector(`svg.heat`)??void 0;e!==this.observedPlan&&(this.observedPlan=e,this.resizeObserver??=new ResizeObserver(([e])=>{let t=e?.contentRect.width??0;t>0&&(this._planWidth=t)}),this.resizeObserver.disconnect(),e&&this.resizeObserver.observe(e))}};Wr=Qr,Wr.properties={_layout:{state:!0},_shown:{state:!0},_error:{state:!0},_range:{state:!0},_floor:{state:!0},_planWidth:{state:!0}},Wr.styles=[St,Ur],customElements.get(`floorplan-presence-stats-card`)||(customElements.define(`floorplan-presence-stats-card`,Qr),(window.customCards??=[]).push({type:`floorplan-presence-stats-card`,name:`Floorplan Presence statistics`,description:`Who is home, occupancy per room, time per room, a timeline of rooms per person and a heat map of positions, today or this week.`,preview:!0,documentationURL:`https://github.com/floorplan-presence/floorplan-presence/blob/main/docs/CARD.md#the-stats-card`}));var $r,ei={home:`Who is home`,rooms:`Occupancy per room`,time:`Time per room`,timeline:`Timeline`,heatmap:`Heat map`},ti=class extends kn{constructor(...e){super(...e),this._config={type:Lr},this.defaults=zr,this._loadError=null}validate(e){return Hr(e)}async load(e){try{this._layout=await M(e,`card_layout`),this._loadError=null}catch(e){this._loadError=N(e)}}render(){let e=this._config,t=new Set(e.show??zr.show),n=e=>e.target.value,r=(e,n)=>Q.filter(r=>r===e?n:t.has(r));return S`
      ${this._loadError?S`<div class="error" role="alert">${this._loadError}</div>`:T}
      ${this._problem?S`<div class="error" role="alert">${this._problem}</div>`:T}
      <div class="form">
        <label for="title">Title</label>
        <input id="title" data-option="title" .value=${e.title??``} @change=${e=>this.set(`title`,n(e).trim())} />

        <label for="range">Range shown first</label>
        <select id="range" data-option="range" @change=${e=>this.set(`range`,n(e))}>
          <option value="today" ?selected=${(e.range??zr.range)===`today`}>Today</option>
          <option value="week" ?selected=${e.range===`week`}>This week</option>
        </select>

        <label for="floor">Heat map floor</label>
        ${this.floorSelect(this._layout?.floors??[])}

        <label for="rotation">Heat map rotation (°)</label>
        <input
          id="rotation"
          data-option="rotation"
          type="number"
          step="any"
          placeholder="${zr.rotation} (default)"
          .value=${e.rotation?.toString()??``}
          @change=${e=>this.set(`rotation`,n(e).trim()===``?void 0:Number(n(e)))}
        />

        <span class="label">Show</span>
        <!-- The last part ticked cannot be unticked: an empty card shows nothing. -->
        <div class="choices" data-option="show">
          ${Q.map(e=>S`<label
              ><input
                type="checkbox"
                value=${e}
                .checked=${t.has(e)}
                ?disabled=${t.size===1&&t.has(e)}
                @change=${t=>this.set(`show`,r(e,t.target.checked))}
              />
              ${ei[e]}</label
            >`)}
        </div>
      </div>
    `}};$r=ti,$r.properties={_layout:{state:!0},_loadError:{state:!0}},$r.styles=[Kn,An],customElements.get(`floorplan-presence-stats-card-editor`)||customElements.define(`floorplan-presence-stats-card-editor`,ti);