var e=globalThis,t=e.ShadowRoot&&(e.ShadyCSS===void 0||e.ShadyCSS.nativeShadow)&&`adoptedStyleSheets`in Document.prototype&&`replace`in CSSStyleSheet.prototype,n=Symbol(),r=/* @__PURE__ */ new WeakMap,i=class{constructor(e,t,r){if(this._$cssResult$=!0,r!==n)throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");this.cssText=e,this.t=t}get styleSheet(){let e=this.o,n=this.t;if(t&&e===void 0){let t=n!==void 0&&n.length===1;t&&(e=r.get(n)),e===void 0&&((this.o=e=new CSSStyleSheet).replaceSync(this.cssText),t&&r.set(n,e))}return e}toString(){return this.cssText}},a=e=>new i(typeof e==`string`?e:e+``,void 0,n),o=(e,...t)=>new i(e.length===1?e[0]:t.reduce((t,n,r)=>t+(e=>{if(!0===e._$cssResult$)return e.cssText;if(typeof e==`number`)return e;throw Error(`Value passed to 'css' function must be a 'css' function result: `+e+`. Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.`)})(n)+e[r+1],e[0]),e,n),s=(n,r)=>{if(t)n.adoptedStyleSheets=r.map(e=>e instanceof CSSStyleSheet?e:e.styleSheet);else for(let t of r){let r=document.createElement(`style`),i=e.litNonce;i!==void 0&&r.setAttribute(`nonce`,i),r.textContent=t.cssText,n.appendChild(r)}},c=t?e=>e:e=>e instanceof CSSStyleSheet?(e=>{let t=``;for(let n of e.cssRules)t+=n.cssText;return a(t)})(e):e,{is:l,defineProperty:u,getOwnPropertyDescriptor:d,getOwnPropertyNames:f,getOwnPropertySymbols:p,getPrototypeOf:m}=Object,h=globalThis,ee=h.trustedTypes,te=ee?ee.emptyScript:``,ne=h.reactiveElementPolyfillSupport,g=(e,t)=>e,re={toAttribute(e,t){switch(t){case Boolean:e=e?te:null;break;case Object:case Array:e=e==null?e:JSON.stringify(e)}return e},fromAttribute(e,t){let n=e;switch(t){case Boolean:n=e!==null;break;case Number:n=e===null?null:Number(e);break;case Object:case Array:try{n=JSON.parse(e)}catch{n=null}}return n}},ie=(e,t)=>!l(e,t),ae={attribute:!0,type:String,converter:re,reflect:!1,useDefault:!1,hasChanged:ie};Symbol.metadata??=Symbol(`metadata`),h.litPropertyMetadata??=/* @__PURE__ */ new WeakMap;var _=class extends HTMLElement{static addInitializer(e){this._$Ei(),(this.l??=[]).push(e)}static get observedAttributes(){return this.finalize(),this._$Eh&&[...this._$Eh.keys()]}static createProperty(e,t=ae){if(t.state&&(t.attribute=!1),this._$Ei(),this.prototype.hasOwnProperty(e)&&((t=Object.create(t)).wrapped=!0),this.elementProperties.set(e,t),!t.noAccessor){let n=Symbol(),r=this.getPropertyDescriptor(e,n,t);r!==void 0&&u(this.prototype,e,r)}}static getPropertyDescriptor(e,t,n){let{get:r,set:i}=d(this.prototype,e)??{get(){return this[t]},set(e){this[t]=e}};return{get:r,set(t){let a=r?.call(this);i?.call(this,t),this.requestUpdate(e,a,n)},configurable:!0,enumerable:!0}}static getPropertyOptions(e){return this.elementProperties.get(e)??ae}static _$Ei(){if(this.hasOwnProperty(g(`elementProperties`)))return;let e=m(this);e.finalize(),e.l!==void 0&&(this.l=[...e.l]),this.elementProperties=new Map(e.elementProperties)}static finalize(){if(this.hasOwnProperty(g(`finalized`)))return;if(this.finalized=!0,this._$Ei(),this.hasOwnProperty(g(`properties`))){let e=this.properties,t=[...f(e),...p(e)];for(let n of t)this.createProperty(n,e[n])}let e=this[Symbol.metadata];if(e!==null){let t=litPropertyMetadata.get(e);if(t!==void 0)for(let[e,n]of t)this.elementProperties.set(e,n)}this._$Eh=/* @__PURE__ */ new Map;for(let[e,t]of this.elementProperties){let n=this._$Eu(e,t);n!==void 0&&this._$Eh.set(n,e)}this.elementStyles=this.finalizeStyles(this.styles)}static finalizeStyles(e){let t=[];if(Array.isArray(e)){let n=new Set(e.flat(1/0).reverse());for(let e of n)t.unshift(c(e))}else e!==void 0&&t.push(c(e));return t}static _$Eu(e,t){let n=t.attribute;return!1===n?void 0:typeof n==`string`?n:typeof e==`string`?e.toLowerCase():void 0}constructor(){super(),this._$Ep=void 0,this.isUpdatePending=!1,this.hasUpdated=!1,this._$Em=null,this._$Ev()}_$Ev(){this._$ES=new Promise(e=>this.enableUpdating=e),this._$AL=/* @__PURE__ */ new Map,this._$E_(),this.requestUpdate(),this.constructor.l?.forEach(e=>e(this))}addController(e){(this._$EO??=/* @__PURE__ */ new Set).add(e),this.renderRoot!==void 0&&this.isConnected&&e.hostConnected?.()}removeController(e){this._$EO?.delete(e)}_$E_(){let e=/* @__PURE__ */ new Map,t=this.constructor.elementProperties;for(let n of t.keys())this.hasOwnProperty(n)&&(e.set(n,this[n]),delete this[n]);e.size>0&&(this._$Ep=e)}createRenderRoot(){let e=this.shadowRoot??this.attachShadow(this.constructor.shadowRootOptions);return s(e,this.constructor.elementStyles),e}connectedCallback(){this.renderRoot??=this.createRenderRoot(),this.enableUpdating(!0),this._$EO?.forEach(e=>e.hostConnected?.())}enableUpdating(e){}disconnectedCallback(){this._$EO?.forEach(e=>e.hostDisconnected?.())}attributeChangedCallback(e,t,n){this._$AK(e,n)}_$ET(e,t){let n=this.constructor.elementProperties.get(e),r=this.constructor._$Eu(e,n);if(r!==void 0&&!0===n.reflect){let i=(n.converter?.toAttribute===void 0?re:n.converter).toAttribute(t,n.type);this._$Em=e,i==null?this.removeAttribute(r):this.setAttribute(r,i),this._$Em=null}}_$AK(e,t){let n=this.constructor,r=n._$Eh.get(e);if(r!==void 0&&this._$Em!==r){let e=n.getPropertyOptions(r),i=typeof e.converter==`function`?{fromAttribute:e.converter}:e.converter?.fromAttribute===void 0?re:e.converter;this._$Em=r;let a=i.fromAttribute(t,e.type);this[r]=a??this._$Ej?.get(r)??a,this._$Em=null}}requestUpdate(e,t,n,r=!1,i){if(e!==void 0){let a=this.constructor;if(!1===r&&(i=this[e]),n??=a.getPropertyOptions(e),!((n.hasChanged??ie)(i,t)||n.useDefault&&n.reflect&&i===this._$Ej?.get(e)&&!this.hasAttribute(a._$Eu(e,n))))return;this.C(e,t,n)}!1===this.isUpdatePending&&(this._$ES=this._$EP())}C(e,t,{useDefault:n,reflect:r,wrapped:i},a){n&&!(this._$Ej??=/* @__PURE__ */ new Map).has(e)&&(this._$Ej.set(e,a??t??this[e]),!0!==i||a!==void 0)||(this._$AL.has(e)||(this.hasUpdated||n||(t=void 0),this._$AL.set(e,t)),!0===r&&this._$Em!==e&&(this._$Eq??=/* @__PURE__ */ new Set).add(e))}async _$EP(){this.isUpdatePending=!0;try{await this._$ES}catch(e){Promise.reject(e)}let e=this.scheduleUpdate();return e!=null&&await e,!this.isUpdatePending}scheduleUpdate(){return this.performUpdate()}performUpdate(){if(!this.isUpdatePending)return;if(!this.hasUpdated){if(this.renderRoot??=this.createRenderRoot(),this._$Ep){for(let[e,t]of this._$Ep)this[e]=t;this._$Ep=void 0}let e=this.constructor.elementProperties;if(e.size>0)for(let[t,n]of e){let{wrapped:e}=n,r=this[t];!0!==e||this._$AL.has(t)||r===void 0||this.C(t,void 0,n,r)}}let e=!1,t=this._$AL;try{e=this.shouldUpdate(t),e?(this.willUpdate(t),this._$EO?.forEach(e=>e.hostUpdate?.()),this.update(t)):this._$EM()}catch(t){throw e=!1,this._$EM(),t}e&&this._$AE(t)}willUpdate(e){}_$AE(e){this._$EO?.forEach(e=>e.hostUpdated?.()),this.hasUpdated||(this.hasUpdated=!0,this.firstUpdated(e)),this.updated(e)}_$EM(){this._$AL=/* @__PURE__ */ new Map,this.isUpdatePending=!1}get updateComplete(){return this.getUpdateComplete()}getUpdateComplete(){return this._$ES}shouldUpdate(e){return!0}update(e){this._$Eq&&=this._$Eq.forEach(e=>this._$ET(e,this[e])),this._$EM()}updated(e){}firstUpdated(e){}};_.elementStyles=[],_.shadowRootOptions={mode:`open`},_[g(`elementProperties`)]=/* @__PURE__ */ new Map,_[g(`finalized`)]=/* @__PURE__ */ new Map,ne?.({ReactiveElement:_}),(h.reactiveElementVersions??=[]).push(`2.1.2`);var oe=globalThis,se=e=>e,v=oe.trustedTypes,ce=v?v.createPolicy(`lit-html`,{createHTML:e=>e}):void 0,le=`$lit$`,y=`lit$${Math.random().toFixed(9).slice(2)}$`,ue=`?`+y,de=`<${ue}>`,b=document,x=()=>b.createComment(``),S=e=>e===null||typeof e!=`object`&&typeof e!=`function`,fe=Array.isArray,pe=e=>fe(e)||typeof e?.[Symbol.iterator]==`function`,me=`[ 	
\f\r]`,C=/<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g,he=/-->/g,ge=/>/g,w=RegExp(`>|${me}(?:([^\\s"'>=/]+)(${me}*=${me}*(?:[^ \t\n\f\r"'\`<>=]|("|')|))|$)`,`g`),_e=/'/g,ve=/"/g,ye=/^(?:script|style|textarea|title)$/i,be=e=>(t,...n)=>({_$litType$:e,strings:t,values:n}),T=be(1),E=be(2),D=Symbol.for(`lit-noChange`),O=Symbol.for(`lit-nothing`),xe=/* @__PURE__ */ new WeakMap,k=b.createTreeWalker(b,129);function Se(e,t){if(!fe(e)||!e.hasOwnProperty(`raw`))throw Error(`invalid template strings array`);return ce===void 0?t:ce.createHTML(t)}var Ce=(e,t)=>{let n=e.length-1,r=[],i,a=t===2?`<svg>`:t===3?`<math>`:``,o=C;for(let t=0;t<n;t++){let n=e[t],s,c,l=-1,u=0;for(;u<n.length&&(o.lastIndex=u,c=o.exec(n),c!==null);)u=o.lastIndex,o===C?c[1]===`!--`?o=he:c[1]===void 0?c[2]===void 0?c[3]!==void 0&&(o=w):(ye.test(c[2])&&(i=RegExp(`</`+c[2],`g`)),o=w):o=ge:o===w?c[0]===`>`?(o=i??C,l=-1):c[1]===void 0?l=-2:(l=o.lastIndex-c[2].length,s=c[1],o=c[3]===void 0?w:c[3]===`"`?ve:_e):o===ve||o===_e?o=w:o===he||o===ge?o=C:(o=w,i=void 0);let d=o===w&&e[t+1].startsWith(`/>`)?` `:``;a+=o===C?n+de:l>=0?(r.push(s),n.slice(0,l)+le+n.slice(l)+y+d):n+y+(l===-2?t:d)}return[Se(e,a+(e[n]||`<?>`)+(t===2?`</svg>`:t===3?`</math>`:``)),r]},we=class e{constructor({strings:t,_$litType$:n},r){let i;this.parts=[];let a=0,o=0,s=t.length-1,c=this.parts,[l,u]=Ce(t,n);if(this.el=e.createElement(l,r),k.currentNode=this.el.content,n===2||n===3){let e=this.el.content.firstChild;e.replaceWith(...e.childNodes)}for(;(i=k.nextNode())!==null&&c.length<s;){if(i.nodeType===1){if(i.hasAttributes())for(let e of i.getAttributeNames())if(e.endsWith(le)){let t=u[o++],n=i.getAttribute(e).split(y),r=/([.?@])?(.*)/.exec(t);c.push({type:1,index:a,name:r[2],strings:n,ctor:r[1]===`.`?Ee:r[1]===`?`?De:r[1]===`@`?Oe:M}),i.removeAttribute(e)}else e.startsWith(y)&&(c.push({type:6,index:a}),i.removeAttribute(e));if(ye.test(i.tagName)){let e=i.textContent.split(y),t=e.length-1;if(t>0){i.textContent=v?v.emptyScript:``;for(let n=0;n<t;n++)i.append(e[n],x()),k.nextNode(),c.push({type:2,index:++a});i.append(e[t],x())}}}else if(i.nodeType===8){if(i.data===ue)c.push({type:2,index:a});else{let e=-1;for(;(e=i.data.indexOf(y,e+1))!==-1;)c.push({type:7,index:a}),e+=y.length-1}}a++}}static createElement(e,t){let n=b.createElement(`template`);return n.innerHTML=e,n}};function A(e,t,n=e,r){if(t===D)return t;let i=r===void 0?n._$Cl:n._$Co?.[r],a=S(t)?void 0:t._$litDirective$;return i?.constructor!==a&&(i?._$AO?.(!1),a===void 0?i=void 0:(i=new a(e),i._$AT(e,n,r)),r===void 0?n._$Cl=i:(n._$Co??=[])[r]=i),i!==void 0&&(t=A(e,i._$AS(e,t.values),i,r)),t}var Te=class{constructor(e,t){this._$AV=[],this._$AN=void 0,this._$AD=e,this._$AM=t}get parentNode(){return this._$AM.parentNode}get _$AU(){return this._$AM._$AU}u(e){let{el:{content:t},parts:n}=this._$AD,r=(e?.creationScope??b).importNode(t,!0);k.currentNode=r;let i=k.nextNode(),a=0,o=0,s=n[0];for(;s!==void 0;){if(a===s.index){let t;s.type===2?t=new j(i,i.nextSibling,this,e):s.type===1?t=new s.ctor(i,s.name,s.strings,this,e):s.type===6&&(t=new ke(i,this,e)),this._$AV.push(t),s=n[++o]}a!==s?.index&&(i=k.nextNode(),a++)}return k.currentNode=b,r}p(e){let t=0;for(let n of this._$AV)n!==void 0&&(n.strings===void 0?n._$AI(e[t]):(n._$AI(e,n,t),t+=n.strings.length-2)),t++}},j=class e{get _$AU(){return this._$AM?._$AU??this._$Cv}constructor(e,t,n,r){this.type=2,this._$AH=O,this._$AN=void 0,this._$AA=e,this._$AB=t,this._$AM=n,this.options=r,this._$Cv=r?.isConnected??!0}get parentNode(){let e=this._$AA.parentNode,t=this._$AM;return t!==void 0&&e?.nodeType===11&&(e=t.parentNode),e}get startNode(){return this._$AA}get endNode(){return this._$AB}_$AI(e,t=this){e=A(this,e,t),S(e)?e===O||e==null||e===``?(this._$AH!==O&&this._$AR(),this._$AH=O):e!==this._$AH&&e!==D&&this._(e):e._$litType$===void 0?e.nodeType===void 0?pe(e)?this.k(e):this._(e):this.T(e):this.$(e)}O(e){return this._$AA.parentNode.insertBefore(e,this._$AB)}T(e){this._$AH!==e&&(this._$AR(),this._$AH=this.O(e))}_(e){this._$AH!==O&&S(this._$AH)?this._$AA.nextSibling.data=e:this.T(b.createTextNode(e)),this._$AH=e}$(e){let{values:t,_$litType$:n}=e,r=typeof n==`number`?this._$AC(e):(n.el===void 0&&(n.el=we.createElement(Se(n.h,n.h[0]),this.options)),n);if(this._$AH?._$AD===r)this._$AH.p(t);else{let e=new Te(r,this),n=e.u(this.options);e.p(t),this.T(n),this._$AH=e}}_$AC(e){let t=xe.get(e.strings);return t===void 0&&xe.set(e.strings,t=new we(e)),t}k(t){fe(this._$AH)||(this._$AH=[],this._$AR());let n=this._$AH,r,i=0;for(let a of t)i===n.length?n.push(r=new e(this.O(x()),this.O(x()),this,this.options)):r=n[i],r._$AI(a),i++;i<n.length&&(this._$AR(r&&r._$AB.nextSibling,i),n.length=i)}_$AR(e=this._$AA.nextSibling,t){for(this._$AP?.(!1,!0,t);e!==this._$AB;){let t=se(e).nextSibling;se(e).remove(),e=t}}setConnected(e){this._$AM===void 0&&(this._$Cv=e,this._$AP?.(e))}},M=class{get tagName(){return this.element.tagName}get _$AU(){return this._$AM._$AU}constructor(e,t,n,r,i){this.type=1,this._$AH=O,this._$AN=void 0,this.element=e,this.name=t,this._$AM=r,this.options=i,n.length>2||n[0]!==``||n[1]!==``?(this._$AH=Array(n.length-1).fill(/* @__PURE__ */ new String),this.strings=n):this._$AH=O}_$AI(e,t=this,n,r){let i=this.strings,a=!1;if(i===void 0)e=A(this,e,t,0),a=!S(e)||e!==this._$AH&&e!==D,a&&(this._$AH=e);else{let r=e,o,s;for(e=i[0],o=0;o<i.length-1;o++)s=A(this,r[n+o],t,o),s===D&&(s=this._$AH[o]),a||=!S(s)||s!==this._$AH[o],s===O?e=O:e!==O&&(e+=(s??``)+i[o+1]),this._$AH[o]=s}a&&!r&&this.j(e)}j(e){e===O?this.element.removeAttribute(this.name):this.element.setAttribute(this.name,e??``)}},Ee=class extends M{constructor(){super(...arguments),this.type=3}j(e){this.element[this.name]=e===O?void 0:e}},De=class extends M{constructor(){super(...arguments),this.type=4}j(e){this.element.toggleAttribute(this.name,!!e&&e!==O)}},Oe=class extends M{constructor(e,t,n,r,i){super(e,t,n,r,i),this.type=5}_$AI(e,t=this){if((e=A(this,e,t,0)??O)===D)return;let n=this._$AH,r=e===O&&n!==O||e.capture!==n.capture||e.once!==n.once||e.passive!==n.passive,i=e!==O&&(n===O||r);r&&this.element.removeEventListener(this.name,this,n),i&&this.element.addEventListener(this.name,this,e),this._$AH=e}handleEvent(e){typeof this._$AH==`function`?this._$AH.call(this.options?.host??this.element,e):this._$AH.handleEvent(e)}},ke=class{constructor(e,t,n){this.element=e,this.type=6,this._$AN=void 0,this._$AM=t,this.options=n}get _$AU(){return this._$AM._$AU}_$AI(e){A(this,e)}},Ae={M:le,P:y,A:ue,C:1,L:Ce,R:Te,D:pe,V:A,I:j,H:M,N:De,U:Oe,B:Ee,F:ke},je=oe.litHtmlPolyfillSupport;je?.(we,j),(oe.litHtmlVersions??=[]).push(`3.3.3`);var N=(e,t,n)=>{let r=n?.renderBefore??t,i=r._$litPart$;if(i===void 0){let e=n?.renderBefore??null;r._$litPart$=i=new j(t.insertBefore(x(),e),e,void 0,n??{})}return i._$AI(e),i},Me=globalThis,P=class extends _{constructor(){super(...arguments),this.renderOptions={host:this},this._$Do=void 0}createRenderRoot(){let e=super.createRenderRoot();return this.renderOptions.renderBefore??=e.firstChild,e}update(e){let t=this.render();this.hasUpdated||(this.renderOptions.isConnected=this.isConnected),super.update(e),this._$Do=N(t,this.renderRoot,this.renderOptions)}connectedCallback(){super.connectedCallback(),this._$Do?.setConnected(!0)}disconnectedCallback(){super.disconnectedCallback(),this._$Do?.setConnected(!1)}render(){return D}};P._$litElement$=!0,P.finalized=!0,Me.litElementHydrateSupport?.({LitElement:P});var Ne=Me.litElementPolyfillSupport;Ne?.({LitElement:P}),(Me.litElementVersions??=[]).push(`4.2.2`);var Pe={ATTRIBUTE:1,CHILD:2,PROPERTY:3,BOOLEAN_ATTRIBUTE:4,EVENT:5,ELEMENT:6},Fe=e=>(...t)=>({_$litDirective$:e,values:t}),Ie=class{constructor(e){}get _$AU(){return this._$AM._$AU}_$AT(e,t,n){this._$Ct=e,this._$AM=t,this._$Ci=n}_$AS(e,t){return this.update(e,t)}update(e,t){return this.render(...t)}},{I:Le}=Ae,Re=e=>e,ze=()=>document.createComment(``),F=(e,t,n)=>{let r=e._$AA.parentNode,i=t===void 0?e._$AB:t._$AA;if(n===void 0)n=new Le(r.insertBefore(ze(),i),r.insertBefore(ze(),i),e,e.options);else{let t=n._$AB.nextSibling,a=n._$AM,o=a!==e;if(o){let t;n._$AQ?.(e),n._$AM=e,n._$AP!==void 0&&(t=e._$AU)!==a._$AU&&n._$AP(t)}if(t!==i||o){let e=n._$AA;for(;e!==t;){let t=Re(e).nextSibling;Re(r).insertBefore(e,i),e=t}}}return n},I=(e,t,n=e)=>(e._$AI(t,n),e),Be={},Ve=(e,t=Be)=>e._$AH=t,He=e=>e._$AH,Ue=e=>{e._$AR(),e._$AA.remove()},We=(e,t,n)=>{let r=/* @__PURE__ */ new Map;for(let i=t;i<=n;i++)r.set(e[i],i);return r},Ge=Fe(class extends Ie{constructor(e){if(super(e),e.type!==Pe.CHILD)throw Error(`repeat() can only be used in text expressions`)}dt(e,t,n){let r;n===void 0?n=t:t!==void 0&&(r=t);let i=[],a=[],o=0;for(let t of e)i[o]=r?r(t,o):o,a[o]=n(t,o),o++;return{values:a,keys:i}}render(e,t,n){return this.dt(e,t,n).values}update(e,[t,n,r]){let i=He(e),{values:a,keys:o}=this.dt(t,n,r);if(!Array.isArray(i))return this.ut=o,a;let s=this.ut??=[],c=[],l,u,d=0,f=i.length-1,p=0,m=a.length-1;for(;d<=f&&p<=m;)if(i[d]===null)d++;else if(i[f]===null)f--;else if(s[d]===o[p])c[p]=I(i[d],a[p]),d++,p++;else if(s[f]===o[m])c[m]=I(i[f],a[m]),f--,m--;else if(s[d]===o[m])c[m]=I(i[d],a[m]),F(e,c[m+1],i[d]),d++,m--;else if(s[f]===o[p])c[p]=I(i[f],a[p]),F(e,i[d],i[f]),f--,p++;else if(l===void 0&&(l=We(o,p,m),u=We(s,d,f)),l.has(s[d])){if(l.has(s[f])){let t=u.get(o[p]),n=t===void 0?null:i[t];if(n===null){let t=F(e,i[d]);I(t,a[p]),c[p]=t}else c[p]=I(n,a[p]),F(e,i[d],n),i[t]=null;p++}else Ue(i[f]),f--}else Ue(i[d]),d++;for(;p<=m;){let t=F(e,c[m+1]);I(t,a[p]),c[p++]=t}for(;d<=f;){let e=i[d++];e!==null&&Ue(e)}return this.ut=o,Ve(e,c),D}});function Ke(e,t){return e[`${t}_action`]??{action:t===`tap`?`more-info`:`none`}}function qe(e,t,n){let r=Ke(t,n);if(r.action===`none`)return;let[i,a]=r.action===`more-info`?[`hass-more-info`,{entityId:r.entity??t.entity}]:[`hass-action`,{config:t,action:n}];e.dispatchEvent(new CustomEvent(i,{detail:a,bubbles:!0,composed:!0}))}var Je=10,Ye=class{constructor(e,t){this.report=e,this.options=t}down(e,t,n){this.cancel();let r={target:e,x:t,y:n,held:!1};this.options.hold(e)&&(r.timer=setTimeout(()=>{r.held=!0,this.report(e,`hold`)},500)),this.press=r}move(e,t){this.press&&Math.hypot(e-this.press.x,t-this.press.y)>Je&&this.cancel()}up(){let e=this.press;if(!e||(this.cancel(),e.held))return;let{target:t}=e;if(this.pendingTap){let e=this.pendingTap;if(clearTimeout(e.timer),this.pendingTap=void 0,e.target===t)return this.report(t,`double_tap`);this.report(e.target,`tap`)}if(!this.options.doubleTap(t))return this.report(t,`tap`);this.pendingTap={target:t,timer:setTimeout(()=>{this.pendingTap=void 0,this.report(t,`tap`)},250)}}cancel(){clearTimeout(this.press?.timer),this.press=void 0}dispose(){this.cancel(),clearTimeout(this.pendingTap?.timer),this.pendingTap=void 0}};function L(e,t,n={}){return e.callWS({type:`floorplan/call`,name:t,data:n})}function R(e){let{code:t,message:n}=typeof e==`object`&&e?e:{};return t===`unknown_command`?`Home Assistant does not know the floorplan commands: install and set up the Floorplan Presence integration.`:t===`not_set_up`?`The Floorplan Presence integration is not set up: add it under Settings → Devices & services, then try again.`:t===`not_connected`?`The floorplan sidecar is not connected to Home Assistant, so the plan cannot be read or saved. Start it (floorplan serve) and try again.`:typeof n==`string`&&n!==``?n:`Floorplan request failed: ${String(e)}`}var Xe=class{constructor(e){this.onChange=e,this.layout=null,this.entities=/* @__PURE__ */ new Map,this.nodesHeard={},this.sidecarConnected=null,this.error=null,this.session=0,this.running=!1}setHass(e){this.hass=e,this.running||this.start()}stop(){if(!this.running)return;this.running=!1,this.session++;let e=this.unsubscribe;this.unsubscribe=void 0,e?.then(e=>e?.()).catch(()=>void 0)}start(){let e=this.hass;if(!e)return;this.running=!0;let t=++this.session;this.unsubscribe=e.connection.subscribeMessage(e=>t===this.session&&this.onEvent(e),{type:`floorplan/subscribe`}).catch(e=>{t===this.session&&this.fail(e)}),this.fetchLayout(t),this.fetchPositions(t)}async fetchLayout(e){try{let t=await L(this.hass,`card_layout`);if(e!==this.session)return;this.layout=t,this.clearError(),this.onChange({kind:`layout`})}catch(t){e===this.session&&this.fail(t)}}async fetchPositions(e){let t=/* @__PURE__ */ new Set;this.updatedDuringFetch=t;try{let n=await L(this.hass,`card_positions`);if(e!==this.session)return;let r=new Set(n.entities.map(e=>e.entity_id)),i=[...this.entities.keys()].filter(e=>!r.has(e)&&!t.has(e));for(let e of i)this.entities.delete(e);let a=[];for(let e of n.entities)t.has(e.entity_id)||(this.entities.set(e.entity_id,e),a.push(e.entity_id));this.nodesHeard={...this.nodesHeard,...n.nodes_heard},this.clearError(),this.onChange({kind:`positions`,changed:a,removed:i})}catch(t){e===this.session&&this.fail(t)}finally{this.updatedDuringFetch===t&&(this.updatedDuringFetch=void 0)}}onEvent(e){switch(e.type){case`connected`:{let t=e.connected&&this.sidecarConnected===!1;this.sidecarConnected=e.connected,this.onChange({kind:`status`}),t&&(this.layout||this.fetchLayout(this.session),this.fetchPositions(this.session));break}case`positions`:for(let t of e.entities)this.entities.set(t.entity_id,t),this.updatedDuringFetch?.add(t.entity_id);for(let t of e.removed)this.entities.delete(t),this.updatedDuringFetch?.add(t);Object.assign(this.nodesHeard,e.nodes_heard),this.onChange({kind:`positions`,changed:e.entities.map(e=>e.entity_id),removed:e.removed});break;case`layout_changed`:this.fetchLayout(this.session)}}fail(e){e?.code===`not_connected`?this.sidecarConnected=!1:this.error=R(e),this.onChange({kind:`status`})}clearError(){this.error!==null&&(this.error=null,this.onChange({kind:`status`}))}};function Ze(e,t,n){let r=Math.round((t-Date.parse(e))/1e3);if(!Number.isFinite(r))return e;let i=new Intl.RelativeTimeFormat(n,{style:`narrow`,numeric:`always`}),a=Math.max(0,r);return a<60?i.format(-a,`second`):a<3600?i.format(-Math.floor(a/60),`minute`):a<86400?i.format(-Math.floor(a/3600),`hour`):i.format(-Math.floor(a/86400),`day`)}function Qe(e){return e.trim().split(/[\s_.-]+/).filter(Boolean).slice(0,2).map(e=>e[0].toUpperCase()).join(``)||`?`}function z(e){let t=e.replace(/[_-]+/g,` `).trim();return t.charAt(0).toUpperCase()+t.slice(1)}function $e(e){return`${e<10?e.toFixed(1):Math.round(e)} m`}function B(e,[t,n]){return[e[0]*t+e[2]*n+e[4],e[1]*t+e[3]*n+e[5]]}function et(e,t){let[n,r,i,a,o,s]=e,[c,l,u,d,f,p]=t;return[n*c+i*l,r*c+a*l,n*u+i*d,r*u+a*d,n*f+i*p+o,r*f+a*p+s]}function tt([e,t,n,r,i,a]){let o=e*r-t*n;if(o===0)throw Error(`transform is not invertible`);return[r/o,-t/o,-n/o,e/o,(n*a-r*i)/o,(t*i-e*a)/o]}function nt(e){let t=e*Math.PI/180,n=Math.cos(t),r=Math.sin(t);return[n,r,r,-n,0,0]}function V(e){if(`points`in e){let[t,n]=e.points,r=[t.pixel[0],-t.pixel[1]],i=[n.pixel[0],-n.pixel[1]],a=[i[0]-r[0],i[1]-r[1]],o=[n.metres[0]-t.metres[0],n.metres[1]-t.metres[1]],s=a[0]*a[0]+a[1]*a[1];if(s===0)throw Error(`the two reference pixels must differ`);let c=(o[0]*a[0]+o[1]*a[1])/s,l=(o[1]*a[0]-o[0]*a[1])/s,u=t.metres[0]-(c*r[0]-l*r[1]),d=t.metres[1]-(c*r[1]+l*r[0]);return[c,l,l,-c,u,d]}let t=e.metres_per_pixel,n=(e.rotation??0)*Math.PI/180;return[t*Math.cos(n),t*Math.sin(n),t*Math.sin(n),-t*Math.cos(n),e.origin[0],e.origin[1]]}function rt(e,t,n){if(e.length===0)return{x:-n,y:-n,width:2*n,height:2*n};let r=1/0,i=1/0,a=-1/0,o=-1/0;for(let n of e){let[e,s]=B(t,n);r=Math.min(r,e),i=Math.min(i,s),a=Math.max(a,e),o=Math.max(o,s)}return{x:r-n,y:i-n,width:a-r+2*n,height:o-i+2*n}}function it(e,t){return t>0?Math.round(e/t)*t:e}function at(e){let t=0,n=0,r=0;for(let i=0;i<e.length;i++){let[a,o]=e[i],[s,c]=e[(i+1)%e.length],l=a*c-s*o;t+=l,n+=(a+s)*l,r+=(o+c)*l}if(Math.abs(t)<1e-12){let t=e.length||1;return[e.reduce((e,t)=>e+t[0],0)/t,e.reduce((e,t)=>e+t[1],0)/t]}return[n/(3*t),r/(3*t)]}var ot=2e3;function st(e){return 1-(1-e)**3}function ct(e,t){let n=st(e.duration>0?Math.min(1,Math.max(0,(t-e.start)/e.duration)):1);return[e.from[0]+(e.to[0]-e.from[0])*n,e.from[1]+(e.to[1]-e.from[1])*n]}function lt(e,t){return t>=e.start+e.duration}function ut(e,t,n,r){if(!e||t===void 0)return{from:n,to:n,start:r,duration:0};let i=Math.min(ot,Math.max(300,r-t));return{from:ct(e,r),to:n,start:r,duration:i}}function dt(e,t){let n=rt([...e.rooms.flatMap(e=>e.boundaries),...e.nodes.map(e=>[e.coordinates[0],e.coordinates[1]]),...e.static_entities.map(e=>[e.coordinates[0],e.coordinates[1]])],t,0),r=.4+.03*Math.max(n.width,n.height);return{x:n.x-r,y:n.y-r,width:n.width+2*r,height:n.height+2*r}}function H(e,t){if(t!==null)return t;let n;for(let t of e.floors)(!n||t.height>n.height)&&(n=t);return n?.id}var ft=[`var(--blue-color, #2196f3)`,`var(--pink-color, #e91e63)`,`var(--green-color, #4caf50)`,`var(--deep-orange-color, #ff5722)`,`var(--purple-color, #9c27b0)`,`var(--teal-color, #009688)`,`var(--indigo-color, #3f51b5)`,`var(--brown-color, #795548)`,`var(--red-color, #f44336)`,`var(--cyan-color, #00bcd4)`];function pt(e){let t=0;for(let n=0;n<e.length;n++)t=t*31+e.charCodeAt(n)|0;return ft[Math.abs(t)%ft.length]}var mt=o`
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

  .chips {
    display: flex;
    gap: 8px;
    padding: 4px 12px 12px;
    overflow-x: auto;
    scrollbar-width: thin;
  }
  .chip {
    flex: none;
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
`;function ht(e,t,n){let r=t.at-n,i=e.filter(e=>e.at>=r);return i.push(t),i}function gt(e,t,n,r){let i=[],a;for(let o=1;o<e.length;o++){let s=e[o-1],c=e[o],l=n-s.at;if(s.floor!==t||c.floor!==t||l>r||r<=0){a=void 0;continue}let u=1-Math.min(5,Math.floor(Math.max(0,l)/r*6))/6;a&&a.opacity===u?a.points.push(c.point):(a={points:[s.point,c.point],opacity:u},i.push(a))}return i}var U=`custom:floorplan-presence-card`,W={trail:30,range_circles:!0,rotation:0,show_nodes:!0,show_static_entities:!0,node_stale_after:60};function _t(e){let t=Object.fromEntries(Object.entries(e).filter(([,e])=>e!==void 0));return{...W,...t}}var vt=[`more-info`,`toggle`,`navigate`,`url`,`perform-action`,`call-service`,`none`];function yt(e){return e===void 0?`nothing`:typeof e==`number`&&!Number.isFinite(e)?String(e):JSON.stringify(e)??String(e)}function G(e,t,n){throw Error(`${e} must be ${t}, got ${yt(n)}`)}var K=e=>typeof e==`object`&&!!e&&!Array.isArray(e),q=e=>typeof e==`number`&&Number.isFinite(e),bt=e=>typeof e==`string`&&/^[a-z0-9_]+\.[a-z0-9_]+$/.test(e),xt=e=>Array.isArray(e)&&e.length===2&&e.every(q);function St(e,t){if(K(t)||G(e,`either {points: [two {pixel, metres}]} or {origin, metres_per_pixel}`,t),`points`in t){let n=t.points;Array.isArray(n)&&n.length===2||G(`${e}.points`,`a list of two {pixel: [u, v], metres: [x, y]}`,n),n.forEach((t,n)=>{K(t)&&xt(t.pixel)&&xt(t.metres)||G(`${e}.points[${n}]`,`{pixel: [u, v], metres: [x, y]} with numbers`,t)});let[r,i]=n;r.pixel[0]===i.pixel[0]&&r.pixel[1]===i.pixel[1]&&G(`${e}.points`,`two different pixels`,n)}else xt(t.origin)||G(`${e}.origin`,`the plan metres [x, y] of the image’s top-left corner`,t.origin),(!q(t.metres_per_pixel)||t.metres_per_pixel<=0)&&G(`${e}.metres_per_pixel`,`a number > 0`,t.metres_per_pixel),t.rotation!==void 0&&!q(t.rotation)&&G(`${e}.rotation`,`a number of degrees`,t.rotation)}function Ct(e){K(e)||G(`the card configuration`,`a mapping of options`,e);let t=e;typeof t.type!=`string`&&G(`type`,`"${U}"`,t.type);for(let e of[`title`,`floor`])t[e]!==void 0&&(typeof t[e]!=`string`||t[e]===``)&&G(e,`a non-empty text`,t[e]);t.follow!==void 0&&!bt(t.follow)&&G(`follow`,`an entity id such as person.alice`,t.follow),t.entities!==void 0&&(Array.isArray(t.entities)||G(`entities`,`a list of entity ids`,t.entities),t.entities.forEach((e,t)=>{bt(e)||G(`entities[${t}]`,`an entity id such as person.alice`,e)})),t.trail!==void 0&&(!q(t.trail)||t.trail<0)&&G(`trail`,`a number of seconds ≥ 0`,t.trail),t.node_stale_after!==void 0&&(!q(t.node_stale_after)||t.node_stale_after<=0)&&G(`node_stale_after`,`a number of seconds > 0`,t.node_stale_after),t.rotation!==void 0&&!q(t.rotation)&&G(`rotation`,`a number of degrees`,t.rotation);for(let e of[`range_circles`,`show_nodes`,`show_static_entities`])t[e]!==void 0&&typeof t[e]!=`boolean`&&G(e,`true or false`,t[e]);if(t.images!==void 0){K(t.images)||G(`images`,`a mapping of floor id to {url, georeference}`,t.images);for(let[e,n]of Object.entries(t.images)){let t=`images.${e}`;K(n)||G(t,`{url, georeference, opacity?}`,n),(typeof n.url!=`string`||n.url===``)&&G(`${t}.url`,`the image’s URL, e.g. /local/floorplan/ground.png`,n.url),St(`${t}.georeference`,n.georeference),n.opacity!==void 0&&(!q(n.opacity)||n.opacity<0||n.opacity>1)&&G(`${t}.opacity`,`a number from 0 to 1`,n.opacity)}}for(let e of[`tap_action`,`hold_action`,`double_tap_action`]){let n=t[e];n!==void 0&&(K(n)&&vt.includes(n.action)||G(`${e}.action`,`one of ${vt.join(`, `)}`,K(n)?n.action:n))}return t}var wt=/* @__PURE__ */ new Map;function Tt(e){let t=wt.get(e);if(!t){let n=new Image;n.src=e,t=n.decode().then(()=>({width:n.naturalWidth,height:n.naturalHeight})),t.catch(()=>wt.delete(e)),wt.set(e,t)}return t}function Et(e,t){if(e.length===0||t.width===0||t.height===0)return{origin:[0,0],metres_per_pixel:.01};let n=e.map(e=>e[0]),r=e.map(e=>e[1]),[i,a,o,s]=[Math.min(...n),Math.max(...n),Math.min(...r),Math.max(...r)],c=Math.max((a-i)/t.width,(s-o)/t.height)||.01;return{origin:[i,s],metres_per_pixel:Number(c.toPrecision(4))}}function Dt(e,t){return e.map(e=>B(t,e).join(`,`)).join(` `)}function Ot(e,t,n,r=null){return E`<g class="rooms">
    ${e.map(e=>{let[i,a]=B(t,at(e.boundaries));return E`<polygon class="room ${e.id===r?`selected`:``}" data-room-id=${e.id}
          points=${Dt(e.boundaries,t)}></polygon>
        <text class="room-name" x=${i} y=${a} font-size=${n}>${e.name||e.id}</text>`})}
  </g>`}function kt(e,t,n,r=1){return E`<image class="background" href=${e} width=${t.width} height=${t.height}
    transform="matrix(${n.join(` `)})" opacity=${r} preserveAspectRatio="none"></image>`}var At,jt=`http://www.w3.org/2000/svg`,Mt=20,J=e=>[e[0],e[1]],Nt=class extends P{constructor(...e){super(...e),this.view=nt(0),this.selected=null,this.data=new Xe(e=>this.onDataChange(e)),this.motions=/* @__PURE__ */ new Map,this.gliding=/* @__PURE__ */ new Set,this.trails=/* @__PURE__ */ new Map,this.entityElements=/* @__PURE__ */ new Map,this.trailElements=/* @__PURE__ */ new Map,this.renderedMarkers=``,this.staticStates=/* @__PURE__ */ new Map,this.imageSizes=/* @__PURE__ */ new Map,this.metresPerPixel=.025,this.gestures=new Ye((e,t)=>this.onGesture(e,t),{hold:e=>this.distinguishes(e,`hold`),doubleTap:e=>this.distinguishes(e,`double_tap`)}),this.frame=e=>{this.frameRequest=void 0;for(let t of this.gliding){let n=this.motions.get(t);n&&this.entityElements.get(t)?.setAttribute(`transform`,this.markerTransform(t,e)),(!n||lt(n.glide,e))&&this.gliding.delete(t)}this.startFrames()},this.onPointerDown=e=>{e.isPrimary&&e.button===0&&this.gestures.down(this.targetOf(e),e.clientX,e.clientY)},this.onPointerMove=e=>{e.isPrimary&&this.gestures.move(e.clientX,e.clientY)},this.onPointerUp=e=>{e.isPrimary&&this.gestures.up()},this.onPointerCancel=()=>{this.gestures.cancel()},this.onKeyDown=e=>{let t=this.targetOf(e);t===null||e.key!==`Enter`&&e.key!==` `||(e.preventDefault(),this.onGesture(t,`tap`))}}static getConfigElement(){return document.createElement(`floorplan-presence-card-editor`)}static async getStubConfig(e){try{let t=(await L(e,`card_layout`)).floors[0]?.id;return t?{type:U,floor:t}:{type:U}}catch{return{type:U}}}set hass(e){this.hassValue=e,this.isConnected&&this.data.setHass(e),this.staticStatesChanged()&&this.renderStatics(),this.updateEntities()}get hass(){return this.hassValue}setConfig(e){let t=_t(Ct(e));t.follow!==this.config?.follow&&(this.followedFloor=void 0),this.config=t,this.view=nt(t.rotation),this.followEntity(),this.requestUpdate()}selectEntity(e){e!==this.selected&&(this.selected=e,this.requestUpdate())}getCardSize(){let e=this.data.layout;if(!e)return 6;let t=dt(e,this.view);return 2+Math.ceil(t.height/t.width*8)}getGridOptions(){return{columns:12,rows:`auto`,min_columns:6,min_rows:4}}connectedCallback(){super.connectedCallback(),this.hassValue&&this.data.setHass(this.hassValue),this.ticker=setInterval(()=>{let e=performance.now();for(let t of this.trailElements.keys())e-(this.motions.get(t)?.fixAt??0)>=1e3&&this.drawTrail(t,e);this.refreshLive()},1e3),this.observeSize(),this.startFrames()}disconnectedCallback(){super.disconnectedCallback(),this.data.stop(),clearInterval(this.ticker),this.frameRequest!==void 0&&cancelAnimationFrame(this.frameRequest),this.frameRequest=void 0,this.gestures.dispose(),this.resizeObserver?.disconnect(),this.observedPlan=void 0}onDataChange(e){if(e.kind!==`positions`){this.requestUpdate();return}let t=performance.now();for(let t of e.removed)this.motions.delete(t),this.trails.delete(t);for(let n of e.changed){let e=this.data.entities.get(n);e&&this.onFix(e,t)}this.followEntity(),this.updateEntities()&&this.selected!==null&&e.changed.includes(this.selected)&&this.renderRanges(),this.refreshLive(),this.startFrames()}updateEntities(){let e=this.shownEntities();return this.markersKey(e)===this.renderedMarkers?(this.renderChips(e),!0):(this.requestUpdate(),!1)}onFix(e,t){let n=e.entity_id,r=this.motions.get(n);if(!e.present||!e.coordinates){this.motions.delete(n);return}let i=J(e.coordinates);if(this.entityElements.get(n)?.querySelector(`.accuracy`)?.setAttribute(`r`,this.accuracyRadius(e)),r&&r.glide.to[0]===i[0]&&r.glide.to[1]===i[1])return;this.motions.set(n,{glide:ut(r?.glide,r?.fixAt,i,t),fixAt:t}),this.gliding.add(n);let a=this.config,o=this.data.layout;if(a&&o&&a.trail>0){let r=H(o,e.floor)??null;this.trails.set(n,ht(this.trails.get(n)??[],{at:t,point:i,floor:r},a.trail*1e3)),this.drawTrail(n,t)}}followEntity(){let e=this.config?.follow,t=this.data.layout,n=e?this.data.entities.get(e):void 0;if(!t||!n?.present||!n.coordinates)return;let r=H(t,n.floor);r&&r!==this.followedFloor&&(this.followedFloor=r,this.showFloor(r))}showFloor(e){e!==this.currentFloor()&&(this.chosenFloor=e,this.requestUpdate())}currentFloor(){let e=this.data.layout?.floors??[],t=t=>t!==void 0&&e.some(e=>e.id===t);return t(this.chosenFloor)?this.chosenFloor:t(this.config?.floor)?this.config?.floor:e[0]?.id}shownEntities(){let e=this.config?.entities;return e?e.flatMap(e=>this.data.entities.get(e)??[]):[...this.data.entities.values()].sort((e,t)=>e.name.localeCompare(t.name))}whereabouts(e){if(!e.present)return`away`;let t=this.data.layout;return!e.coordinates||!t?`unknown`:H(t,e.floor)===this.currentFloor()?`here`:`elsewhere`}picture(e){return this.hassValue?.states[e]?.attributes.entity_picture}markersKey(e){return e.map(e=>[e.entity_id,e.name,this.whereabouts(e)===`here`,this.picture(e.entity_id)].join(``)).join(``)}staticStatesChanged(){let e=this.config?.show_static_entities?this.data.layout?.static_entities??[]:[],t=!1;for(let{entity_id:n}of e){let e=this.hassValue?.states[n];this.staticStates.get(n)!==e&&(t=!0),this.staticStates.set(n,e)}return t}render(){let e=this.config;if(!e)return O;let t=this.data.layout,n=this.currentFloor(),r=this.shownEntities();this.renderedMarkers=this.markersKey(r);let i=this.data.error;return T`<ha-card>
      ${e.title?T`<h1 class="title">${e.title}</h1>`:O}
      ${t&&t.floors.length>1?this.renderTabs(t,n):O}
      ${i?T`<div class="banner error" role="alert">${i}</div>`:O}
      ${t&&n?T`<div class="stage">
            ${this.data.sidecarConnected===!1?T`<div class="banner disconnected" role="status">Floorplan sidecar disconnected — showing the last known positions</div>`:O}
            ${this.renderPlan(t,n,r)}
          </div>`:i?O:T`<div class="message">${t?`floorplan.yaml has no floors yet.`:`Loading the floor plan…`}</div>`}
      <div class="chips" role="toolbar" aria-label="Moving entities"></div>
      <div class="details"></div>
    </ha-card>`}renderTabs(e,t){return T`<div class="tabs" role="tablist">
      ${e.floors.map(e=>T`<button class="tab" role="tab" data-floor=${e.id} aria-selected=${e.id===t?`true`:`false`} @click=${()=>this.showFloor(e.id)}>
            ${z(e.id)}
          </button>`)}
    </div>`}renderPlan(e,t,n){let r=this.config,i=dt(e,this.view),a=e=>B(this.view,e),o=e.rooms.filter(e=>e.floor===t),s=r.show_nodes?e.nodes.filter(n=>H(e,n.floor)===t):[],c=n.filter(e=>this.whereabouts(e)===`here`);return c.sort((e,t)=>Number(e.entity_id===this.selected)-Number(t.entity_id===this.selected)),T`<svg
      class="plan ${c.length>Mt?`crowded`:``}"
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
        ${o.map(e=>E`<polygon class="room" data-room-id=${e.id} points=${e.boundaries.map(a).join(` `)}></polygon>`)}
      </g>
      <g class="room-labels">
        ${o.map(e=>E`<text class="room-label" transform=${this.pinned(a(at(e.boundaries)))}>${e.name}</text>`)}
      </g>
      <g class="statics"></g>
      <g class="nodes">
        ${s.map(e=>E`<g class="node" data-node-id=${e.id} transform=${this.pinned(a(J(e.coordinates)))}>
              <title>${e.name??e.id}</title>
              <rect class="mark" x="-4.5" y="-4.5" width="9" height="9" transform="rotate(45)"></rect>
            </g>`)}
      </g>
      <g class="ranges"></g>
      <g class="trails">
        ${Ge(c,e=>e.entity_id,e=>E`<g class="trail" data-trail-of=${e.entity_id} style="--entity-color: ${pt(e.entity_id)}"></g>`)}
      </g>
      <g class="entities">${Ge(c,e=>e.entity_id,e=>this.renderEntity(e))}</g>
    </svg>`}renderImage(e){let t=this.config.images?.[e];if(!t)return O;let n=this.imageSizes.get(t.url);return n?kt(t.url,n,et(this.view,V(t.georeference)),t.opacity??1):(Tt(t.url).then(e=>{this.imageSizes.set(t.url,e),this.requestUpdate()},()=>void 0),O)}renderEntity(e){let t=e.entity_id,n=this.picture(t);return E`<g class="entity ${t===this.selected?`selected`:``}" data-entity-id=${t} transform=${this.markerTransform(t,performance.now())}
      tabindex="0" role="button" aria-label=${e.name} style="--entity-color: ${pt(t)}">
      <circle class="accuracy" r=${this.accuracyRadius(e)}></circle>
      ${t===this.selected?E`<circle class="halo" r="17"></circle>`:O}
      <circle class="badge" r="14"></circle>
      ${n?E`<image href=${n} x="-13" y="-13" width="26" height="26" clip-path="url(#avatar-clip)" preserveAspectRatio="xMidYMid slice"></image>`:E`<text class="initials">${Qe(e.name)}</text>`}
      <text class="name" y="19">${e.name}</text>
    </g>`}markerTransform(e,t){let n=this.motions.get(e),r=this.data.entities.get(e)?.coordinates,i=n?ct(n.glide,t):r?J(r):[0,0];return this.pinned(B(this.view,i))}pinned([e,t]){return`translate(${e.toFixed(3)} ${t.toFixed(3)}) scale(${this.metresPerPixel.toPrecision(4)})`}accuracyRadius(e){return((e.accuracy??0)/this.metresPerPixel).toFixed(1)}renderChips(e){let t=this.renderRoot?.querySelector(`.chips`),n=e.map(e=>({entity:e,whereabouts:this.whereabouts(e),picture:this.picture(e.entity_id)})),r=JSON.stringify([this.selected,n.map(e=>[e.entity.entity_id,e.entity.name,e.entity.floor,e.entity.room_name,e.whereabouts,e.picture])]);!t||t===this.renderedChips?.row&&r===this.renderedChips.key||(this.renderedChips={row:t,key:r},N(Ge(n,e=>e.entity.entity_id,({entity:e,whereabouts:t})=>T`<button
        class="chip ${t}"
        data-entity-id=${e.entity_id}
        aria-pressed=${e.entity_id===this.selected?`true`:`false`}
        @click=${()=>this.selectEntity(e.entity_id===this.selected?null:e.entity_id)}
      >
        ${this.renderAvatar(e)}<span>${e.name}</span><span class="where">${this.whereText(e,t)}</span>
      </button>`),t,{host:this}))}renderAvatar(e){let t=this.picture(e.entity_id);return T`<span class="avatar" style="--entity-color: ${pt(e.entity_id)}"
      >${t?T`<img src=${t} alt="" />`:Qe(e.name)}</span
    >`}whereText(e,t){switch(t){case`here`:return e.room_name??``;case`elsewhere`:return[e.floor&&z(e.floor),e.room_name].filter(Boolean).join(` · `);case`away`:return`Away`;case`unknown`:return`No position`}}updated(){let e=this.renderRoot,t=(t,n)=>new Map([...e.querySelectorAll(t)].map(e=>[e.dataset[n],e]));this.entityElements=t(`g.entity`,`entityId`),this.trailElements=t(`g.trail`,`trailOf`);let n=performance.now();for(let e of this.trailElements.keys())this.drawTrail(e,n);this.renderStatics(),this.renderRanges(),this.renderChips(this.shownEntities()),this.refreshLive(),this.observeSize(),this.startFrames()}renderStatics(){let e=this.renderRoot.querySelector(`g.statics`),t=this.data.layout,n=this.currentFloor();e&&t&&N((this.config?.show_static_entities?t.static_entities.filter(e=>H(t,e.floor)===n):[]).map(e=>this.staticTemplate(e)),e,{host:this})}staticTemplate(e){let t=this.hassValue,n=t?.states[e.entity_id],r=n&&(t.formatEntityState?.(n)??`${n.state}${n.attributes.unit_of_measurement?` ${n.attributes.unit_of_measurement}`:``}`);return E`<g class="static" data-static-id=${e.entity_id} transform=${this.pinned(B(this.view,J(e.coordinates)))}>
      <title>${n?.attributes.friendly_name??e.entity_id}</title>
      ${n&&customElements.get(`ha-state-icon`)?E`<foreignObject x="-10" y="-10" width="20" height="20"><ha-state-icon .hass=${t} .stateObj=${n}></ha-state-icon></foreignObject>`:E`<circle class="mark" r="5"></circle>`}
      ${r?E`<text class="state" x="13">${r}</text>`:O}
    </g>`}renderRanges(){let e=this.renderRoot.querySelector(`g.ranges`);if(!e)return;let t=this.selected===null?void 0:this.data.entities.get(this.selected),n=this.config?.range_circles&&t&&this.whereabouts(t)===`here`,r=t?.coordinates?.[2]??0;N(n?t.ranges.map(e=>this.rangeTemplate(e,r)):O,e,{host:this})}rangeTemplate(e,t){let n=this.data.layout?.nodes.find(t=>t.id===e.node);if(!n)return O;let[r,i]=B(this.view,J(n.coordinates)),a=n.coordinates[2]-t,o=e=>Math.sqrt(Math.max(0,e*e-a*a)),s=o(Math.max(0,e.distance-e.sigma)),c=o(e.distance+e.sigma);return E`<g class="range" data-node-id=${n.id}>
      <circle class="band" cx=${r} cy=${i} r=${(s+c)/2} stroke-width=${c-s}></circle>
      <circle class="distance" cx=${r} cy=${i} r=${o(e.distance)}></circle>
    </g>`}drawTrail(e,t){let n=this.trailElements.get(e),r=this.currentFloor();if(!n||!r||!this.config)return;let i=gt((this.trails.get(e)??[]).slice(0,-1),r,t,this.config.trail*1e3);for(;n.childElementCount>i.length;)n.lastElementChild.remove();i.forEach((e,t)=>{let r=n.children[t]??n.appendChild(document.createElementNS(jt,`polyline`)),i=e.points.map(e=>B(this.view,e).map(e=>e.toFixed(3)).join(`,`)).join(` `),a=(.7*e.opacity).toFixed(2);r.getAttribute(`points`)!==i&&r.setAttribute(`points`,i),r.getAttribute(`stroke-opacity`)!==a&&r.setAttribute(`stroke-opacity`,a)})}refreshLive(){let e=this.renderRoot,t=this.config;if(!t||!e)return;let n=new Set(this.shownEntities().flatMap(e=>e.present&&e.room?[e.room]:[]));for(let t of e.querySelectorAll(`.room`))t.classList.toggle(`occupied`,n.has(t.dataset.roomId));let r=Date.now();for(let n of e.querySelectorAll(`g.node`)){let e=this.data.nodesHeard[n.dataset.nodeId];n.classList.toggle(`stale`,!e||r-Date.parse(e)>t.node_stale_after*1e3)}this.renderDetails(r)}renderDetails(e){let t=this.renderRoot.querySelector(`.details`);if(!t)return;let n=this.selected===null?void 0:this.data.entities.get(this.selected);N(n?this.detailsTemplate(n,e):O,t,{host:this})}detailsTemplate(e,t){let n=this.data.layout?.nodes??[],r=e.nodes_used.map(e=>n.find(t=>t.id===e)?.name??e),i=this.hassValue?.language??navigator.language,a=(e,t)=>T`<dt>${e}</dt><dd>${t}</dd>`;return T`<section data-entity-id=${e.entity_id} aria-label="Details">
      <header>
        ${this.renderAvatar(e)}<span class="name">${e.name}</span>
        <button class="close" aria-label="Close" @click=${()=>this.selectEntity(null)}>×</button>
      </header>
      <dl>
        ${e.present?O:a(`Status`,`Away`)}
        ${e.reason?a(`No position`,e.reason):O}
        ${a(`Room`,e.room_name??`—`)}
        ${a(`Floor`,e.floor?z(e.floor):`—`)}
        ${a(`Accuracy`,e.accuracy===null?`—`:`± ${$e(e.accuracy)}`)}
        ${a(`Last seen`,e.last_seen?Ze(e.last_seen,t,i):`never`)}
        ${a(`Nodes used`,r.join(`, `)||`none`)}
      </dl>
    </section>`}observeSize(){let e=this.renderRoot?.querySelector(`svg.plan`)??void 0;e!==this.observedPlan&&(this.resizeObserver?.disconnect(),this.observedPlan=e,this.planSize=void 0,e&&(this.resizeObserver??=new ResizeObserver(([e])=>{this.planSize=e&&{width:e.contentRect.width,height:e.contentRect.height},this.updateScale()}),this.resizeObserver.observe(e))),this.updateScale()}updateScale(){let e=this.planSize,t=this.data.layout;if(!t||!e||e.width===0||e.height===0)return;let n=dt(t,this.view),r=Math.max(n.width/e.width,n.height/e.height);r!==this.metresPerPixel&&(this.metresPerPixel=r,this.requestUpdate())}startFrames(){this.frameRequest===void 0&&this.gliding.size>0&&this.isConnected&&(this.frameRequest=requestAnimationFrame(this.frame))}targetOf(e){let t=e.target.closest(`[data-entity-id], [data-static-id]`);return t?.dataset.entityId??t?.dataset.staticId??null}entityActions(e){if(!this.data.entities.has(e))return{entity:e};let{tap_action:t,hold_action:n,double_tap_action:r}=this.config;return{entity:e,tap_action:t,hold_action:n,double_tap_action:r}}distinguishes(e,t){return e!==null&&Ke(this.entityActions(e),t).action!==`none`}onGesture(e,t){e===null?this.selectEntity(null):(this.data.entities.has(e)&&this.selectEntity(e),qe(this,this.entityActions(e),t))}};At=Nt,At.styles=mt,customElements.get(`floorplan-presence-card`)||(customElements.define(`floorplan-presence-card`,Nt),(window.customCards??=[]).push({type:`floorplan-presence-card`,name:`Floorplan Presence`,description:`Where people and devices are on your floor plan, from Bermuda BLE distances: rooms, floors, trails and ranges.`,preview:!0,documentationURL:`https://github.com/floorplan-presence/floorplan-presence/blob/main/docs/CARD.md`}));function Pt(e){return{past:[],present:e,future:[]}}function Ft(e,t,n=200){return{past:[...e.past,e.present].slice(-n),present:t,future:[]}}function It(e,t){return{...e,present:t}}function Lt(e){return e.past.length>0}function Rt(e){return e.future.length>0}function zt(e){return e.past.length===0?e:{past:e.past.slice(0,-1),present:e.past[e.past.length-1],future:[e.present,...e.future]}}function Bt(e){return e.future.length===0?e:{past:[...e.past,e.present],present:e.future[0],future:e.future.slice(1)}}function Vt(e){return Math.round(e*1e3)/1e3}function Ht(e){return e.map(Vt)}function Ut(e,t){return e.length===t.length&&e.every((e,n)=>e.length===t[n].length&&e.every((e,r)=>Vt(e)===Vt(t[n][r])))}function Y(e){return e===null||e.trim()===``?null:e.trim()}function Wt(e,t){return Ut([e.coordinates],[t.coordinates])&&Y(e.name)===Y(t.name)}function Gt(e,t){return e.floor===t.floor&&Y(e.area)===Y(t.area)&&Y(e.name)===Y(t.name)&&Ut(e.boundaries,t.boundaries)}function Kt(e,t){let n=Y(e.name),r=n!==null&&n!==Y(t?.name??null);return{op:`set_node`,id:e.id,coordinates:Ht(e.coordinates),...r?{name:n}:{}}}function qt(e,t){let n={op:`set_room`,id:e.id,floor:e.floor,boundaries:e.boundaries.map(Ht)},r=Y(e.area),i=Y(e.name);return(t?r!==Y(t.area):r!==null)&&(n.area=r),(t?i!==Y(t.name):i!==null)&&(n.name=i),n}function Jt(e,t){let n=new Map(e.nodes.map(e=>[e.id,e])),r=new Map(e.rooms.map(e=>[e.id,e])),i=new Set(t.nodes.map(e=>e.id)),a=new Set(t.rooms.map(e=>e.id)),o=[];for(let t of e.rooms)a.has(t.id)||o.push({op:`remove_room`,id:t.id});for(let t of e.nodes)i.has(t.id)||o.push({op:`remove_node`,id:t.id});for(let e of t.nodes){let t=n.get(e.id);t&&Wt(t,e)||o.push(Kt(e,t))}for(let e of t.rooms){let t=r.get(e.id);t&&Gt(t,e)||o.push(qt(e,t))}return o}function Yt(e,t,n){let{x:r,y:i}=new DOMPoint(t,n).matrixTransform(e.getScreenCTM().inverse());return[r,i]}function Xt(e,[t,n]){let r=new DOMPoint(t,n).matrixTransform(e.getScreenCTM());return[r.x,r.y]}var Zt=600,Qt=class{constructor(e,t){this.host=e,this.selector=t,this.width=0,this.height=0,this.observed=null,this.observer=new ResizeObserver(([e])=>{let{width:t,height:n}=e.contentRect;t!==0&&n!==0&&(this.width=t,this.height=n,this.host.requestUpdate())}),e.addController(this)}unit(e){return this.width>0?Math.max(e.width/this.width,e.height/this.height):e.width/Zt}hostUpdated(){let e=this.host.renderRoot.querySelector(this.selector);e!==this.observed&&(this.observed&&this.observer.unobserve(this.observed),e&&this.observer.observe(e),this.observed=e)}hostConnected(){this.host.requestUpdate()}hostDisconnected(){this.observer.disconnect(),this.observed=null}},$t=o`
  :host {
    display: block;
    color: var(--primary-text-color);
    font-family: var(--paper-font-body1_-_font-family, inherit);
  }
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
`,en,tn=(e,t)=>Number(e.toFixed(t)),nn=class extends P{constructor(...e){super(...e),this.url=``,this.size={width:1,height:1},this.rooms=[],this._pixels=[],this._metres=[[``,``],[``,``]],this._next=0,this.scale=new Qt(this,`svg`)}pointPair(){if(this._pixels.length<2)return null;let e=this._metres.map(e=>e.map(e=>e.trim()===``?NaN:Number(e)));if(e.some(e=>!e.every(Number.isFinite)))return null;let[t,n]=this._pixels,[r,i]=e;return t[0]===n[0]&&t[1]===n[1]||r[0]===i[0]&&r[1]===i[1]?null:[{pixel:t,metres:r},{pixel:n,metres:i}]}onPointerDown(e){if(e.button!==0)return;let[t,n]=Yt(e.currentTarget,e.clientX,e.clientY),r=[tn(t,1),tn(n,1)],i=this._next;if(this._pixels=i===0?[r,...this._pixels.slice(1)]:[this._pixels[0],r],this._next=1-i,this.georeference&&this._metres[i].every(e=>e===``)){let e=B(V(this.georeference),r).map(e=>String(tn(e,2)));this._metres=this._metres.map((t,n)=>n===i?e:t)}}setMetre(e,t,n){this._metres=this._metres.map((r,i)=>i===e?r.map((e,r)=>r===t?n:e):r)}applyPoints(){let e=this.pointPair();e&&this.dispatchEvent(new CustomEvent(`georeference-changed`,{detail:{georeference:{points:e}}}))}render(){let e=this.pointPair(),t=e?{points:e}:this.georeference,n={x:0,y:0,width:this.size.width,height:this.size.height},r=this.scale.unit(n);return T`
      <p class="hint">
        Click two points on the image whose plan coordinates you know (corners of the house work well), then type
        their metres. The room outlines show where the plan lands. Next click sets point ${this._next+1}.
      </p>
      <svg class="plan georeference" viewBox="0 0 ${n.width} ${n.height}" @pointerdown=${this.onPointerDown}>
        ${kt(this.url,this.size,[1,0,0,1,0,0])}
        ${t?Ot(this.rooms,tt(V(t)),12*r):O}
        ${this._pixels.map(([e,t],n)=>E`<g class="marker">
            <circle cx=${e} cy=${t} r=${6*r}></circle>
            <text x=${e+9*r} y=${t-9*r} font-size=${14*r}>${n+1}</text>
          </g>`)}
      </svg>
      <div class="fields">
        ${this._metres.map((e,t)=>T`<div class="row" data-point-index=${t}>
            <span class="label">Point ${t+1}</span>
            <span class="pixel">${this._pixels[t]?`pixel ${this._pixels[t].join(`, `)}`:`not clicked yet`}</span>
            ${[`x`,`y`].map((n,r)=>T`<label
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
    `}};en=nn,en.properties={url:{attribute:!1},size:{attribute:!1},georeference:{attribute:!1},rooms:{attribute:!1},_pixels:{state:!0},_metres:{state:!0},_next:{state:!0}},en.styles=[$t,o`
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
    `],customElements.get(`floorplan-presence-georeference`)||customElements.define(`floorplan-presence-georeference`,nn);function rn(e,t,n=t.id){let r=e.findIndex(e=>e.id===n);return r<0?[...e,t]:e.map((e,n)=>n===r?t:e)}function an(e,t){return{...e,nodes:rn(e.nodes,t)}}function on(e,t){return{...e,nodes:e.nodes.filter(e=>e.id!==t)}}function X(e,t,n=t.id){return{...e,rooms:rn(e.rooms,t,n)}}function sn(e,t){return{...e,rooms:e.rooms.filter(e=>e.id!==t)}}function cn(e,t,n){return{...e,boundaries:e.boundaries.map((e,r)=>r===t?n:e)}}function ln(e){return e.map(([t,n],r)=>{let[i,a]=e[(r+1)%e.length];return[(t+i)/2,(n+a)/2]})}function un(e,t,n=ln(e.boundaries)[t]){let r=[...e.boundaries];return r.splice(t+1,0,n),{...e,boundaries:r}}function dn(e,t){return e.boundaries.length<=3?null:{...e,boundaries:e.boundaries.filter((e,n)=>n!==t)}}function fn(e){let t=new Set(e.map(e=>e.id)),n=1;for(;t.has(`room_${n}`);)n++;return`room_${n}`}function pn(e,t,n){return t.trim()===``?`A room id cannot be blank.`:t===t.trim()?t!==n&&e.some(e=>e.id===t)?`There is already a room \`${t}\`.`:null:`A room id cannot start or end with a space.`}function mn(e,t,n,r){let i=new Map(e.map(e=>[e.id,e])),a=new Set(t.map(e=>e.id)),o=n.filter(e=>a.has(e.id)||!i.has(e.id));for(let e of t){let t=i.get(e.id);t&&r(t,e)||(o=rn(o,e))}return o}function hn(e,t,n){return{nodes:mn(e.nodes,t.nodes,n.nodes,Wt),rooms:mn(e.rooms,t.rooms,n.rooms,Gt)}}var gn,Z=.1,_n=1,vn=1.5,yn=[[0,0],[10,10]],bn=e=>[e[0],e[1]],Q=e=>e.toFixed(2),xn=(e,t)=>`${e} ${t}${e===1?``:`s`}`,$=({nodes:e,rooms:t})=>({nodes:e,rooms:t}),Sn=class extends P{constructor(){super(),this._floor=``,this._mode={kind:`select`},this._selection=null,this._snap=!0,this._error=null,this._notice=null,this._busy=null,this._scanner=``,this._z=null,this._drag=null,this._cursor=null,this._image=null,this._imageUrl=null,this._box=null,this.scale=new Qt(this,`svg.plan`),this.addEventListener(`keydown`,e=>this.onKey(e))}planToClient(e){let t=this.renderRoot.querySelector(`svg.plan`);if(!t)throw Error(`the plan is not shown`);return Xt(t,B(this.view(),e))}get plan(){return this._history.present}view(){return nt(this.config?.rotation??W.rotation)}imageConfig(){return this.config?.images?.[this._floor]}floorRooms(){return this.plan.rooms.filter(e=>e.floor===this._floor)}floorNodes(){return this.plan.nodes.filter(e=>H(this._base,e.floor)===this._floor)}willUpdate(e){e.has(`layout`)&&this.layout&&this.takeLayout(this.layout);let t=this._base?.floors??[];t.length>0&&!t.some(e=>e.id===this._floor)&&(this._floor=t.find(e=>e.id===this.config?.floor)?.id??t[0].id),this.loadImage(),this._history&&(this._selection=this.validSelection(),this._box&&(this._drag||this._mode.kind===`draw-room`)||(this._box=this.extent()))}extent(){let e=this.view(),t=[...this.floorRooms().flatMap(e=>e.boundaries),...this.floorNodes().map(e=>bn(e.coordinates))].map(t=>B(e,t)),n=this.imageToView();if(n&&this._image){let{width:e,height:r}=this._image;t.push(...[[0,0],[e,0],[0,r],[e,r]].map(e=>B(n,e)))}return rt(t.length>0?t:yn.map(t=>B(e,t)),[1,0,0,1,0,0],vn)}imageToView(){let e=this.imageConfig();return e&&this._image?et(this.view(),V(e.georeference)):null}takeLayout(e){!this._base||!this._history?(this._base=e,this._history=Pt($(e))):e.revision!==this._base.revision&&this.rebaseOnto(e,$(this._base))}rebaseOnto(e,t){this._history=Pt(hn(t,this.plan,$(e))),this._base=e}validSelection(){let e=this._selection;if(e?.kind===`node`)return this.floorNodes().some(t=>t.id===e.id)?e:null;if(e?.kind===`room`){let t=this.floorRooms().find(t=>t.id===e.id);return t?e.corner!==null&&e.corner>=t.boundaries.length?{...e,corner:null}:e:null}return null}loadImage(){let e=this.imageConfig()?.url??null;e!==this._imageUrl&&(this._imageUrl=e,this._image=null,e&&Tt(e).then(t=>{this._imageUrl===e&&(this._image=t)},()=>{this._imageUrl===e&&(this._notice=`The floor image ${e} could not be loaded.`)}))}change(e){this._history=Ft(this._history,e),this._notice=null}snapped([e,t]){return this._snap?[it(e,Z),it(t,Z)]:[e,t]}positionOf(e){if(e.kind===`node`){let t=this.plan.nodes.find(t=>t.id===e.id);return t?bn(t.coordinates):null}return this.plan.rooms.find(t=>t.id===e.room)?.boundaries[e.index]??null}moved(e,[t,n]){if(e.kind===`node`){let r=this.plan.nodes.find(t=>t.id===e.id);return an(this.plan,{...r,coordinates:[t,n,r.coordinates[2]]})}let r=this.plan.rooms.find(t=>t.id===e.room);return X(this.plan,cn(r,e.index,[t,n]))}selectedTarget(){let e=this._selection;return e?.kind===`node`?{kind:`node`,id:e.id}:e?.kind===`room`&&e.corner!==null?{kind:`corner`,room:e.id,index:e.corner}:null}startDrag(e,t,n=!1){let r=this.positionOf(t);r&&(e.currentTarget.setPointerCapture(e.pointerId),this._drag={pointerId:e.pointerId,target:t,start:this.toPlan(e),from:r,moved:n})}nudge(e,t){let n=this.selectedTarget(),r=n&&this.positionOf(n),i={ArrowLeft:[-1,0],ArrowRight:[1,0],ArrowUp:[0,-1],ArrowDown:[0,1]}[e];if(!n||!r||!i)return!1;let a=(this._snap?Z:.01)*(t?10:1),o=tt(this.view()),[s,c]=B([o[0],o[1],o[2],o[3],0,0],i);return this.change(this.moved(n,this.snapped([r[0]+s*a,r[1]+c*a]))),!0}toPlan(e){let t=this.renderRoot.querySelector(`svg.plan`);return B(tt(this.view()),Yt(t,e.clientX,e.clientY))}onPointerDown(e){if(e.button!==0||this._drag)return;e.currentTarget.focus({preventScroll:!0});let t=e.target.closest(`[data-node-id], [data-vertex-index], [data-midpoint-index], [data-room-id], [data-action]`)?.dataset??{},n=this._mode;if(n.kind===`place-node`){let[t,r]=this.snapped(this.toPlan(e));this.change(an(this.plan,{id:n.id,name:n.name,coordinates:[t,r,this.newNodeZ()],floor:this._floor})),this._mode={kind:`select`},this._selection={kind:`node`,id:n.id}}else if(n.kind===`draw-room`)t.action===`close-room`?this.finishRoom():this._mode={kind:`draw-room`,corners:[...n.corners,this.snapped(this.toPlan(e))]};else if(t.nodeId!==void 0)this._selection={kind:`node`,id:t.nodeId},this.startDrag(e,{kind:`node`,id:t.nodeId});else if(t.vertexIndex!==void 0&&this._selection?.kind===`room`){let n=Number(t.vertexIndex);this._selection={...this._selection,corner:n},this.startDrag(e,{kind:`corner`,room:this._selection.id,index:n})}else if(t.midpointIndex!==void 0&&this._selection?.kind===`room`){let{id:n}=this._selection,r=Number(t.midpointIndex);this.change(X(this.plan,un(this.plan.rooms.find(e=>e.id===n),r))),this._selection={kind:`room`,id:n,corner:r+1},this.startDrag(e,{kind:`corner`,room:n,index:r+1},!0)}else this._selection=t.roomId===void 0?null:{kind:`room`,id:t.roomId,corner:null}}onPointerMove(e){let t=this._drag;if(this._mode.kind===`draw-room`&&(this._cursor=this.snapped(this.toPlan(e))),!t||e.pointerId!==t.pointerId)return;let[n,r]=this.toPlan(e),i=this.snapped([t.from[0]+n-t.start[0],t.from[1]+r-t.start[1]]),a=this.positionOf(t.target);if(!a||i[0]===a[0]&&i[1]===a[1])return;let o=this.moved(t.target,i);t.moved?this._history=It(this._history,o):(this.change(o),this._drag={...t,moved:!0})}onPointerUp(e){this._drag?.pointerId===e.pointerId&&(this._drag=null)}onKey(e){if(e.composedPath()[0].matches?.(`input:not([type=checkbox]), select, textarea`))return;let t=e.key,n=e.ctrlKey||e.metaKey,r=!0;n&&t.toLowerCase()===`z`?e.shiftKey?this.redoStep():this.undoStep():n&&t.toLowerCase()===`y`?this.redoStep():(t===`Delete`||t===`Backspace`)&&this.selectedTarget()?this.deleteSelected():t===`Enter`&&this._mode.kind===`draw-room`?this.finishRoom():t===`Escape`&&(this._mode.kind!==`select`||this._selection)?this.cancel():r=!n&&t.startsWith(`Arrow`)?this.nudge(t,e.shiftKey):!1,r&&(e.preventDefault(),e.stopPropagation())}undoStep(){this._drag||(this._mode.kind===`draw-room`?this._mode={...this._mode,corners:this._mode.corners.slice(0,-1)}:this._history=zt(this._history))}redoStep(){!this._drag&&this._mode.kind!==`draw-room`&&(this._history=Bt(this._history))}cancel(){this._mode.kind===`select`&&(this._selection=null),this._mode={kind:`select`},this._cursor=null}toggleMode(e){this._mode=this._mode.kind===e.kind?{kind:`select`}:e,this._cursor=null,this._notice=null,e.kind!==`select`&&(this._selection=null)}newNodeZ(){let e=this._base.floors.find(e=>e.id===this._floor);return this._z??(e?.min_height??0)+_n}unplacedScanners(){let e=new Set(this.plan.nodes.map(e=>e.id));return this._base.unplaced_scanners.filter(t=>!e.has(t.id))}startPlacing(){let e=this.unplacedScanners(),t=e.find(e=>e.id===this._scanner)??e[0];t&&this.toggleMode({kind:`place-node`,id:t.id,name:t.name})}finishRoom(){if(this._mode.kind!==`draw-room`)return;let e=this._mode.corners;if(e.length<3){this._notice=`A room needs at least 3 corners.`;return}let t=fn(this.plan.rooms);this.change(X(this.plan,{id:t,name:``,floor:this._floor,area:null,boundaries:e})),this._mode={kind:`select`},this._cursor=null,this._selection={kind:`room`,id:t,corner:null}}deleteSelected(){let e=this._selection;e?.kind===`node`?this.deleteNode(e.id):e?.kind===`room`&&e.corner!==null&&this.deleteCorner(e.id,e.corner)}deleteNode(e){this.change(on(this.plan,e)),this._selection=null}deleteCorner(e,t){let n=dn(this.plan.rooms.find(t=>t.id===e),t);n?(this.change(X(this.plan,n)),this._selection={kind:`room`,id:e,corner:null}):this._notice=`A room needs at least 3 corners: delete the room instead.`}deleteRoom(e){this.change(sn(this.plan,e)),this._selection=null}updateRoom(e,t){let n={...e,...t};if(t.id!==void 0){let n=pn(this.plan.rooms,t.id,e.id);if(n){this._notice=n;return}}this.change(X(this.plan,n,e.id)),n.floor!==this._floor&&(this._floor=n.floor),this._selection={kind:`room`,id:n.id,corner:this._selection?.kind===`room`?this._selection.corner:null}}updateNode(e,t,n){let r=Number(n);n.trim()!==``&&Number.isFinite(r)&&this.change(an(this.plan,{...e,coordinates:e.coordinates.map((e,n)=>n===t?r:e)}))}renameNode(e,t){let n=t.value.trim();n===``?t.value=e.name??``:this.change(an(this.plan,{...e,name:n}))}updateCorner(e,t,n,r){let i=Number(r);r.trim()!==``&&Number.isFinite(i)&&this.change(X(this.plan,cn(e,t,e.boundaries[t].map((e,t)=>t===n?i:e))))}async save(){let e=this._base,t=this.plan,n=Jt(e,t);if(this.hass&&n.length!==0&&!this._busy){this._busy=`saving`,this._error=null,this._notice=null;try{let r={revision:e.revision,edits:n},i=await L(this.hass,`card_edit`,r);this.rebaseOnto(i,t),this.announce(i),this._notice=`Saved ${xn(n.length,`change`)} to floorplan.yaml.`}catch(e){this._error=R(e)}finally{this._busy=null}}}async reload(){if(this.hass&&!this._busy){this._busy=`reloading`;try{let e=await L(this.hass,`card_layout`);this.rebaseOnto(e,$(this._base)),this.announce(e),this._error=null,this._notice=`Reloaded the plan; your unsaved changes are kept.`}catch(e){this._error=R(e)}finally{this._busy=null}}}announce(e){this.dispatchEvent(new CustomEvent(`layout-changed`,{detail:{layout:e}}))}discard(){this.change($(this._base)),this._mode={kind:`select`},this._error=null,this._notice=`Unsaved changes discarded (Undo brings them back).`}georeferenced(e){this.dispatchEvent(new CustomEvent(`georeference-changed`,{detail:{floor:this._floor,georeference:e}})),this._mode={kind:`select`},this._notice=`Image georeferenced; save the card configuration to keep it.`}render(){if(!this._base||!this._history)return T`<p class="hint">Loading the plan…</p>`;let e=Jt(this._base,this.plan),t=this._mode;return T`
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
          ${e.length>0?`Unsaved changes: ${xn(e.length,`edit`)}`:`No unsaved changes`}
        </span>
      </div>
      ${this._error?T`<div class="error" role="alert">${this._error}</div>`:O}
      ${this._notice?T`<p class="notice" role="status">${this._notice}</p>`:O}
      ${t.kind===`georeference`&&this._image?T`<floorplan-presence-georeference
            .url=${this._imageUrl}
            .size=${this._image}
            .georeference=${this.imageConfig()?.georeference}
            .rooms=${this.floorRooms()}
            @georeference-changed=${e=>this.georeferenced(e.detail.georeference)}
            @georeference-cancel=${()=>this._mode={kind:`select`}}
          ></floorplan-presence-georeference>`:T`${this.renderModeHint()} ${this.renderPlan()} ${this.renderSelection()}`}
    `}renderToolbar(){let e=this._mode.kind,t=this.unplacedScanners();return T`
      <div class="actions">
        <label
          >Floor
          <select
            data-field="view-floor"
            @change=${e=>{this._floor=e.target.value,this._mode={kind:`select`},this._z=null}}
          >
            ${this._base.floors.map(e=>T`<option value=${e.id} ?selected=${e.id===this._floor}>${z(e.id)}</option>`)}
          </select></label
        >
        <button data-action="undo" title="Undo (Ctrl+Z)" ?disabled=${!Lt(this._history)} @click=${this.undoStep}>Undo</button>
        <button data-action="redo" title="Redo (Ctrl+Shift+Z)" ?disabled=${!Rt(this._history)} @click=${this.redoStep}>Redo</button>
        <label title="Dragged and placed points land on a ${Z} m grid"
          ><input type="checkbox" data-field="snap" .checked=${this._snap} @change=${e=>this._snap=e.target.checked} />
          Snap to ${Z} m</label
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
            ${t.length===0?T`<option>No unplaced scanners</option>`:O}
            ${t.map(e=>T`<option value=${e.id} ?selected=${e.id===this._scanner}>${e.name?`${e.name} (${e.id})`:e.id}</option>`)}
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
    `}renderModeHint(){let e=this._mode,t=T`<button data-action="cancel" @click=${this.cancel}>Cancel</button>`;return e.kind===`place-node`?T`<div class="actions hint">Click on the plan to place ${e.name??e.id} at z ${Q(this.newNodeZ())} m. ${t}</div>`:e.kind===`draw-room`?T`<div class="actions hint">
        Click the corners of the new room, then click the first corner or Finish (${xn(e.corners.length,`corner`)} so far).
        <button data-action="finish-room" ?disabled=${e.corners.length<3} @click=${this.finishRoom}>Finish</button>
        ${t}
      </div>`:T`<p class="hint">
      Drag nodes and room corners; click a room to edit it, and the dot in the middle of one of its edges to add a corner.
    </p>`}renderPlan(){let e=this.view(),t=this.floorRooms(),n=this.floorNodes(),r=this.imageConfig(),i=this.imageToView(),a=this._box,o=this.scale.unit(a),s=this._selection,c=s?.kind===`room`?t.find(e=>e.id===s.id):void 0;return T`<svg
      class="plan ${this._mode.kind}"
      tabindex="0"
      viewBox="${a.x} ${a.y} ${a.width} ${a.height}"
      @pointerdown=${this.onPointerDown}
      @pointermove=${this.onPointerMove}
      @pointerup=${this.onPointerUp}
      @pointercancel=${this.onPointerUp}
    >
      ${i&&this._image?kt(r.url,this._image,i,r.opacity):O}
      ${Ot(t,e,12*o,c?.id)}
      ${n.map(t=>{let[n,r]=B(e,bn(t.coordinates));return E`<g class="node ${s?.kind===`node`&&s.id===t.id?`selected`:``}">
          <circle data-node-id=${t.id} cx=${n} cy=${r} r=${7*o}></circle>
          <text x=${n+10*o} y=${r+4*o} font-size=${11*o}>${t.name??t.id}</text>
        </g>`})}
      ${c?this.renderCorners(c,e,o):O}
      ${this.renderDrawing(e,o)}
      ${this.renderDragLabel(e,o)}
    </svg>`}renderCorners(e,t,n){let r=this._selection?.kind===`room`?this._selection.corner:null;return E`<g class="handles">
      ${ln(e.boundaries).map((e,r)=>{let[i,a]=B(t,e);return E`<circle class="midpoint" data-midpoint-index=${r} cx=${i} cy=${a} r=${4.5*n}></circle>`})}
      ${e.boundaries.map((e,i)=>{let[a,o]=B(t,e),s=12*n;return E`<rect class="vertex ${i===r?`selected`:``}" data-vertex-index=${i}
          x=${a-s/2} y=${o-s/2} width=${s} height=${s}></rect>`})}
    </g>`}renderDrawing(e,t){if(this._mode.kind!==`draw-room`)return O;let n=this._mode.corners,r=this._cursor?[...n,this._cursor]:n,i=n[0]&&B(e,n[0]);return E`<g class="drawing">
      <polyline points=${Dt(r,e)}></polyline>
      ${n.map(n=>{let[r,i]=B(e,n);return E`<circle class="corner" cx=${r} cy=${i} r=${4*t}></circle>`})}
      ${i&&n.length>=3?E`<circle class="close" data-action="close-room" cx=${i[0]} cy=${i[1]} r=${9*t}></circle>`:O}
    </g>`}renderDragLabel(e,t){let n=this._drag?.target,r=n&&this.positionOf(n);if(!n||!r)return O;let i=n.kind===`node`?this.plan.nodes.find(e=>e.id===n.id)?.coordinates[2]:void 0,[a,o]=B(e,r),s=`x ${Q(r[0])}  y ${Q(r[1])}${i===void 0?``:`  z ${Q(i)}`} m`;return E`<text class="coordinates" x=${a+12*t} y=${o-12*t} font-size=${12*t}>${s}</text>`}renderSelection(){let e=this._selection;if(e?.kind===`node`){let t=this.plan.nodes.find(t=>t.id===e.id);return T`<fieldset class="panel" data-panel="node">
        <legend>Node ${t.name??t.id}</legend>
        ${t.name?T`<div class="hint">${t.id}</div>`:O}
        <div class="actions">
          <label title="Shown on the plan; it can be changed here, not removed"
            >name
            <input type="text" data-field="name" .value=${t.name??``} @change=${e=>this.renameNode(t,e.target)}
          /></label>
          ${Cn([`x`,`y`,`z`],t.coordinates,(e,n)=>this.updateNode(t,e,n))}
          <button data-action="delete-node" @click=${()=>this.deleteNode(t.id)}>Delete node</button>
        </div>
      </fieldset>`}if(e?.kind!==`room`)return O;let t=this.plan.rooms.find(t=>t.id===e.id),n=!this._base.rooms.some(e=>e.id===t.id),r=(e,n,r)=>T`<label title=${r}
        >${e}
        <input
          type="text"
          data-field=${e}
          .value=${n}
          @change=${n=>{let r=n.target.value.trim();this.updateRoom(t,e===`area`?{area:r||null}:{[e]:r})}}
      /></label>`;return T`<fieldset class="panel" data-panel="room">
      <legend>Room ${t.name||t.id}</legend>
      <div class="actions">
        ${n?r(`id`,t.id,`The key in floorplan.yaml; it cannot change once saved`):T`<span class="hint">id ${t.id}</span>`}
        ${r(`name`,t.name,`Shown on the plan; blank: the area, else the id`)}
        ${r(`area`,t.area??``,`Home Assistant area id, e.g. living_room`)}
        <label
          >floor
          <select data-field="floor" @change=${e=>this.updateRoom(t,{floor:e.target.value})}>
            ${this._base.floors.map(e=>T`<option value=${e.id} ?selected=${e.id===t.floor}>${z(e.id)}</option>`)}
          </select></label
        >
      </div>
      ${e.corner===null?T`<p class="hint">Click a corner to move or delete it.</p>`:T`<div class="actions" data-panel="corner">
            Corner ${e.corner+1} of ${t.boundaries.length}
            ${Cn([`x`,`y`],t.boundaries[e.corner],(n,r)=>this.updateCorner(t,e.corner,n,r))}
            <button data-action="delete-vertex" @click=${()=>this.deleteCorner(t.id,e.corner)}>Delete corner</button>
          </div>`}
      <div class="actions"><button data-action="delete-room" @click=${()=>this.deleteRoom(t.id)}>Delete room</button></div>
    </fieldset>`}};gn=Sn,gn.properties={layout:{attribute:!1},config:{attribute:!1},_history:{state:!0},_floor:{state:!0},_mode:{state:!0},_selection:{state:!0},_snap:{state:!0},_error:{state:!0},_notice:{state:!0},_busy:{state:!0},_scanner:{state:!0},_z:{state:!0},_drag:{state:!0},_cursor:{state:!0},_image:{state:!0}},gn.styles=[$t,o`
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
    `],customElements.get(`floorplan-presence-plan-editor`)||customElements.define(`floorplan-presence-plan-editor`,Sn);function Cn(e,t,n){return e.map((e,r)=>T`<label
      >${e} (m)
      <input type="number" step="0.01" data-field=${e} .value=${Q(t[r])} @change=${e=>n(r,e.target.value)}
    /></label>`)}var wn,Tn=[0,90,180,270],En=class extends P{constructor(...e){super(...e),this._config={type:`custom:floorplan-presence-card`},this._entities=[],this._loadError=null,this._problem=null,this._tab=`card`,this._loading=!1}setConfig(e){this._config=e}willUpdate(e){e.has(`hass`)&&this.hass&&!this._loading&&(this._loading=!0,this.load(this.hass))}async load(e){this._loadError=null;try{this._layout=await L(e,`card_layout`)}catch(e){this._loadError=R(e);return}try{let t=await L(e,`card_positions`);this._entities=t.entities.map(({entity_id:e,name:t})=>({entity_id:e,name:t}))}catch{this._entities=[]}}set(e,t){let n={...this._config},r=W[e];t===void 0||t===``||typeof t==`object`&&t&&Object.keys(t).length===0||t===r?delete n[e]:n[e]=t;try{this._config=Ct(n)}catch(e){this._problem=e.message;return}this._problem=null,this.dispatchEvent(new CustomEvent(`config-changed`,{detail:{config:this._config},bubbles:!0,composed:!0}))}setImage(e,t){let n={...this._config.images};t?n[e]=t:delete n[e],this.set(`images`,n)}async setImageUrl(e,t){let n=this._config.images?.[e];if(t===``||n)this.setImage(e,t===``?void 0:{...n,url:t});else try{let n=await Tt(t),r=this._layout?.rooms.filter(t=>t.floor===e)??[];this.setImage(e,{url:t,georeference:Et(r.flatMap(e=>e.boundaries),n)})}catch{this._problem=`The image ${t} could not be loaded. Files in Home Assistant's config/www folder are served under /local/.`}}georeferenced(e,t){let n=this._config.images?.[e];n&&this.setImage(e,{...n,georeference:t})}render(){return T`
      <div class="tabs" role="tablist">
        ${[`card`,`plan`].map(e=>T`<button role="tab" data-tab=${e} aria-selected=${this._tab===e} @click=${()=>this._tab=e}>
            ${e===`card`?`Card`:`Floor plan`}
          </button>`)}
      </div>
      ${this._loadError?T`<div class="error" role="alert">
            ${this._loadError}
            <div class="actions"><button data-action="retry" @click=${()=>this.hass&&this.load(this.hass)}>Try again</button></div>
          </div>`:O}
      ${this._problem?T`<div class="error" role="alert">${this._problem}</div>`:O}
      <section role="tabpanel" ?hidden=${this._tab!==`card`}>${this.renderCardTab()}</section>
      <!-- Kept while hidden, so that unsaved plan changes survive a switch of tab. -->
      <section role="tabpanel" ?hidden=${this._tab!==`plan`}>
        ${this._layout?T`<floorplan-presence-plan-editor
              .hass=${this.hass}
              .layout=${this._layout}
              .config=${this._config}
              @layout-changed=${e=>this._layout=e.detail.layout}
              @georeference-changed=${e=>this.georeferenced(e.detail.floor,e.detail.georeference)}
            ></floorplan-presence-plan-editor>`:this._loadError?O:T`<p class="hint">Loading the plan…</p>`}
      </section>
    `}numberOption(e,t){let n=e=>e.target.value.trim();return T`<input
      id=${e}
      data-option=${e}
      type="number"
      min=${t.min??O}
      step=${t.step}
      list=${t.list??O}
      placeholder="${W[e]} (default)"
      .value=${this._config[e]?.toString()??``}
      @change=${t=>this.set(e,n(t)===``?void 0:Number(n(t)))}
    />`}renderCardTab(){let e=this._config,t=this._layout?.floors??[],n=new Map(this._entities.map(e=>[e.entity_id,e.name]));for(let t of[...e.entities??[],...e.follow?[e.follow]:[]])n.has(t)||n.set(t,t);let r=new Set(e.entities??[]),i=e=>e.target.value,a=e=>e.target.checked;return T`<div class="form">
      <label for="title">Title</label>
      <input id="title" data-option="title" .value=${e.title??``} @change=${e=>this.set(`title`,i(e).trim())} />

      <label for="floor">Floor shown first</label>
      <select id="floor" data-option="floor" @change=${e=>this.set(`floor`,i(e))}>
        <option value="" ?selected=${!e.floor}>The first floor</option>
        ${t.map(t=>T`<option value=${t.id} ?selected=${t.id===e.floor}>${z(t.id)}</option>`)}
        ${e.floor&&!t.some(t=>t.id===e.floor)?T`<option value=${e.floor} selected>${e.floor}</option>`:O}
      </select>

      <span class="label">Entities</span>
      <div class="choices" data-option="entities">
        ${n.size===0?T`<span class="hint">No moving entities yet.</span>`:O}
        ${[...n].map(([e,t])=>T`<label
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
        ${[...n].map(([t,n])=>T`<option value=${t} ?selected=${t===e.follow}>${n}</option>`)}
      </select>

      <label for="trail">Trail (s)</label>
      ${this.numberOption(`trail`,{min:`0`,step:`1`})}

      <label for="rotation">Rotation (°)</label>
      <span>
        ${this.numberOption(`rotation`,{step:`any`,list:`rotations`})}
        <datalist id="rotations">${Tn.map(e=>T`<option value=${e}></option>`)}</datalist>
      </span>

      <label for="node_stale_after">Node stale after (s)</label>
      ${this.numberOption(`node_stale_after`,{min:`1`,step:`1`})}

      <span class="label">Show</span>
      <div class="choices">
        ${[[`range_circles`,`Range circles of the selected entity`],[`show_nodes`,`Beacon nodes`],[`show_static_entities`,`Static entities`]].map(([t,n])=>T`<label
            ><input type="checkbox" data-option=${t} .checked=${e[t]??W[t]} @change=${e=>this.set(t,a(e))} />
            ${n}</label
          >`)}
      </div>
    </div>
    ${t.length>0?this.renderImages(t.map(e=>e.id)):O}`}renderImages(e){return T`<h3>Floor images</h3>
      <p class="hint">PNG, JPEG or SVG, e.g. /local/floorplan/ground.png. Pin an image to the plan with "Georeference image" in the Floor plan tab.</p>
      <div class="form">
        ${e.map(e=>{let t=this._config.images?.[e];return T`<label for="image-${e}">${z(e)}</label>
            <span class="image" data-floor=${e}>
              <input
                id="image-${e}"
                data-option="image-url"
                type="text"
                placeholder="Image URL"
                .value=${t?.url??``}
                @change=${t=>void this.setImageUrl(e,t.target.value.trim())}
              />
              ${t?T`<label
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
                  >`:O}
            </span>`})}
      </div>`}};wn=En,wn.properties={hass:{attribute:!1},_config:{state:!0},_layout:{state:!0},_entities:{state:!0},_loadError:{state:!0},_problem:{state:!0},_tab:{state:!0}},wn.styles=[$t,o`
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
      .form {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 8px 16px;
        align-items: center;
      }
      .form > input[type='number'],
      .form input[type='number'] {
        width: 9em;
      }
      .form > input[type='text'],
      .form > input:not([type]),
      .form > select,
      .image input[type='text'] {
        width: 100%;
        max-width: 24em;
        box-sizing: border-box;
      }
      .choices {
        display: flex;
        flex-wrap: wrap;
        gap: 4px 16px;
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
    `],customElements.get(`floorplan-presence-card-editor`)||customElements.define(`floorplan-presence-card-editor`,En);